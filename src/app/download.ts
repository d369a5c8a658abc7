/**
 * Save bytes or text as a file the user keeps: the browser's own download, from a blob: URL made here. Nothing is
 * sent anywhere; the URL is revoked once the browser has taken the file.
 */

/** Offer `data` as a download named `name`. */
export function download(data: Blob | Uint8Array | string, name: string, type = 'application/octet-stream'): void {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
