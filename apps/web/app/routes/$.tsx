import { data } from '@remix-run/node';

/** Any unknown address: the root error boundary shows the translated 404 page. */
export const loader = () => {
  throw data(null, { status: 404 });
};

export default function NotFound() {
  return null;
}
