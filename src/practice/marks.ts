/**
 * The small practice controls outside the practice page, loaded on first use by their custom
 * elements (src/components/ReviewMark.astro, PracticeProgress.astro) so a page's first load stays
 * light: the 待复习 mark with the card's review state, and a section's learned / due / new counts.
 */
import { counts, statusText } from './deck.ts';
import { PROGRESS_KEY, load, setMarked, update, type LoadResult } from './storage.ts';

const setAsideNote = (r: LoadResult) =>
  r.setAside
    ? `（本机的刷题进度无法读取，已原样另存到「${r.setAside.key}」，从空白进度开始）`
    : r.unavailable
      ? '（浏览器不允许本站使用 localStorage，进度无法保存）'
      : '';

/** `<review-mark data-slug>`: a toggle button (aria-pressed) and the card's state in words. */
export function initReviewMark(el: HTMLElement): void {
  const slug = el.dataset.slug!;
  const btn = el.querySelector('button')!;
  const status = el.querySelector<HTMLElement>('.rm-status')!;
  let marked = false;
  const show = (r: LoadResult, note = '') => {
    marked = r.progress.marked[slug] !== undefined;
    btn.setAttribute('aria-pressed', String(marked));
    status.textContent = `${statusText(r.progress.cards[slug], Date.now())}${note}${setAsideNote(r)}`;
  };
  btn.addEventListener('click', () => {
    const next = !marked;
    const r = update((p) => setMarked(p, slug, next));
    show(r, r.saved ? (next ? '；已加入待复习' : '；已取消待复习') : '；没能保存（浏览器不允许本站使用 localStorage）');
  });
  window.addEventListener('storage', (e) => {
    if (e.key === PROGRESS_KEY) show(load());
  });
  show(load());
  el.dataset.ready = '';
}

/** `<practice-progress data-slugs="a b c">`: learned / due / new over those cards. */
export function initPracticeProgress(el: HTMLElement): void {
  const slugs = (el.dataset.slugs ?? '').split(' ').filter(Boolean);
  const out = el.querySelector<HTMLElement>('.pp-counts')!;
  const show = () => {
    const r = load();
    const c = counts(slugs, r.progress, Date.now());
    out.textContent = `已学 ${c.learned} · 到期 ${c.due} · 新 ${c.new}${setAsideNote(r)}`;
  };
  window.addEventListener('storage', (e) => {
    if (e.key === PROGRESS_KEY) show();
  });
  show();
  el.dataset.ready = '';
}
