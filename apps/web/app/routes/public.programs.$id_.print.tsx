import { useLoaderData } from '@remix-run/react';
import { ProgramPrint } from '../components/program-print.tsx';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { printData } from '../utils/program.server.ts';

/** The published program on A4 (the public never gets an unpublished draft: see publicProgramVersion). */
export const loader = wrapLoader(async ({ request, params }) => printData(request, params.id, 'public'));

export default function PrintProgram() {
  return <ProgramPrint d={useLoaderData<typeof loader>()} />;
}
