/**
 * Share links: the reader's code, backend and the verified version it was based on, compressed
 * into the URL hash (`#share=…`, lz-string's URI-safe alphabet). Opening such a link shows the
 * code in the editor; it never runs until the reader presses 运行. Making a link leaves the address
 * bar alone (a reload must not bring back shared code): the link is copied and shown instead.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { isBackendChoice, type BackendChoice } from '../shared/config';
import { SHARE_PREFIX } from './share-hash';

export { SHARE_PREFIX };

/** What a share link carries. */
export interface SharePayload {
  /** `topic/name` of the snippet the code belongs to. */
  snippet: string;
  code: string;
  backend: BackendChoice;
  /** Version (content hash) of the verified snippet when the link was made. */
  version: string;
}

/** Longest code accepted from a link (a hostile link must not freeze the page). */
const MAX_CODE = 200_000;

/** The URL hash (including `#`) for `payload`. */
export function encodeShare(payload: SharePayload): string {
  const json = JSON.stringify({ s: payload.snippet, c: payload.code, b: payload.backend, v: payload.version });
  return SHARE_PREFIX + compressToEncodedURIComponent(json);
}

/** Decodes a URL hash; null when it is not a well-formed share link. */
export function decodeShare(hash: string): SharePayload | null {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(hash.slice(SHARE_PREFIX.length));
  } catch {
    return null;
  }
  if (!json) return null;
  try {
    const v = JSON.parse(json) as Record<string, unknown>;
    if (typeof v['s'] !== 'string' || typeof v['c'] !== 'string' || typeof v['v'] !== 'string') return null;
    if (v['c'].length > MAX_CODE || !/^[\w-]+\/[\w-]+$/.test(v['s'])) return null;
    return { snippet: v['s'], code: v['c'], backend: isBackendChoice(v['b']) ? v['b'] : 'auto', version: v['v'] };
  } catch {
    return null;
  }
}

/** `href` with its hash replaced by the share hash of `payload`. */
export function shareUrl(href: string, payload: SharePayload): string {
  const url = new URL(href);
  url.hash = encodeShare(payload);
  return url.toString();
}

/** The note shown above code opened from a share link. */
export function openedNotice(shared: SharePayload, version: string): string {
  let text = '这段代码来自分享链接，还没有运行：检查后按“运行”执行。';
  if (shared.version !== version) {
    text += `分享时的已验证版本是 ${shared.version}，当前是 ${version}，两者不同：链接里的代码可能基于旧版本。`;
  }
  return text;
}

/** Shows a freshly made share link in `box` (the notice under the toolbar), selected for copying. */
export function showLink(box: HTMLElement, url: string, copied: boolean): void {
  const label = document.createElement('label');
  label.textContent = copied
    ? '分享链接已复制到剪贴板（打开后不会自动运行）：'
    : '分享链接（无法写入剪贴板，请手动复制；打开后不会自动运行）：';
  const input = document.createElement('input');
  input.type = 'text';
  input.readOnly = true;
  input.value = url;
  input.className = 'runner-share-url';
  input.dataset['part'] = 'share-url';
  label.append(input);
  box.replaceChildren(label);
  box.hidden = false;
  input.select();
}
