import { useLoaderData } from '@remix-run/react';
import { ProgramPrint } from '../components/program-print.tsx';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { printData } from '../utils/program.server.ts';

/** The program on A4 for signing; `?version=N` prints a frozen version. */
export const loader = wrapLoader(async ({ request, params }) => printData(request, params.id, 'user'));

export default function PrintProgram() {
  return <ProgramPrint d={useLoaderData<typeof loader>()} />;
}
