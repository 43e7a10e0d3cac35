import { session } from '../../app/session';
import { saveBlob } from '../../ui/csv';

/**
 * Downloads one of the server's exports (GET /export/<file>) with the session's token: a plain
 * link would not send it. The file is saved as the server names it.
 */
export async function downloadExport(path: string, fallbackName: string): Promise<void> {
  const token = session.get();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`export answered ${response.status}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  saveBlob(name, await response.blob());
}
