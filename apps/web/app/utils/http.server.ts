import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { AppError, httpStatusOf } from '@kamkor/domain';

/** Expected failures become HTTP responses the error boundary shows translated; others stay 500. */
export function toHttpError(err: unknown): unknown {
  if (err instanceof AppError) {
    return data({ messageKey: err.messageKey, params: err.params }, { status: httpStatusOf[err.code] });
  }
  return err;
}

/** Wraps a loader so AppErrors (e.g. NOT_FOUND from a denied id) become 404s, not 500s. */
export function loader<T>(fn: (args: LoaderFunctionArgs) => Promise<T>) {
  return async (args: LoaderFunctionArgs): Promise<T> => {
    try {
      return await fn(args);
    } catch (err) {
      throw toHttpError(err);
    }
  };
}

/** Same for actions. */
export function action<T>(fn: (args: ActionFunctionArgs) => Promise<T>) {
  return async (args: ActionFunctionArgs): Promise<T> => {
    try {
      return await fn(args);
    } catch (err) {
      throw toHttpError(err);
    }
  };
}
