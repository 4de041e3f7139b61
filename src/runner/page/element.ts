/**
 * `<snippet-runner>`: the custom element around each server-rendered snippet (Runnable.astro).
 * This file is all a page loads up front, so it only wires buttons and restores saved edits;
 * the runner (client, worker, tfjs, sucrase), CodeMirror, share links (session.ts, lz-string) are
 * imported on the first click that needs them, the way Starlight's search loads Pagefind.
 * The shown code has one owner, the store in shown.ts; session.ts acts on the element only through
 * its SessionHost interface, so nothing imports this file back.
 *
 * Events: dispatches `snippet-run` (detail: the run's final message) when a run ends, for tests,
 * the bench, and anyone embedding the page.
 */
import { DEFAULT_TIMEOUT_MS, isBackendChoice, type BackendChoice } from '../shared/config';
import { loadBackend, loadBackup, saveBackend } from './storage';
import { ShownCode, type ShownState } from './shown';
import { isShareHash, leaveShare } from './share-hash';
import type { Editor } from './editor';
import type { RunHandle } from './client';
import type { RunError } from '../shared/protocol';
import type { SnippetModule } from '../shared/modules';
import type { SessionHost } from './session';

export class SnippetRunner extends HTMLElement implements SessionHost {
  /** The code shown and where it came from; the element and the editor render what it says. */
  shown!: ShownCode;
  editor: Editor | null = null;
  private editorLoading: Promise<Editor> | null = null;
  private handle: RunHandle | null = null;
  /** Set from the press of 运行 until the run ends, including while the runner loads. */
  private busy = false;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set while the store's code is put into the editor, which is no edit of the reader's. */
  private quiet = false;
  private wired = false;

  private child<T extends HTMLElement = HTMLElement>(name: string): T {
    const node = this.querySelector<T>(`[data-part="${name}"]`);
    if (!node) throw new Error(`<snippet-runner>: missing [data-part="${name}"]`);
    return node;
  }

  private get timeoutMs(): number {
    const v = Number(this.dataset['timeout']);
    return Number.isFinite(v) && v > 0 ? v : DEFAULT_TIMEOUT_MS;
  }

  get backend(): BackendChoice {
    const v = this.child<HTMLSelectElement>('backend').value;
    return isBackendChoice(v) ? v : 'auto';
  }

  set backend(choice: BackendChoice) {
    this.child<HTMLSelectElement>('backend').value = choice;
  }

  /** The page's first runner, which speaks for the page (e.g. about a share link for no runner here). */
  get first(): boolean {
    return document.querySelector('snippet-runner') === this;
  }

  /** The code a run, copy or share uses right now. */
  currentCode(): string {
    return this.shown.code;
  }

  connectedCallback(): void {
    if (this.wired) return;
    this.wired = true;
    const original = JSON.parse(this.child('source').textContent ?? '""') as string;
    this.shown = new ShownCode(this.dataset['snippet'] ?? '', original, this.dataset['version'] ?? '');
    this.shown.subscribe((state) => this.render(state));

    // Touch screens hide the keyboard hint; do not read it out as the run button's description either.
    if (matchMedia('(hover: none) and (pointer: coarse)').matches)
      this.child('run-button').removeAttribute('aria-describedby');
    const select = this.child<HTMLSelectElement>('backend');
    select.value = loadBackend();
    select.addEventListener('change', () => saveBackend(this.backend));
    this.addEventListener('click', (ev) => {
      const button = (ev.target as Element).closest<HTMLButtonElement>('button[data-action]');
      if (!button || !this.contains(button)) return;
      const action = button.dataset['action'];
      if (action === 'run') void this.run();
      else if (action === 'stop') this.stop();
      else if (action === 'edit') void this.openEditor(true);
      else if (action === 'copy') void this.copy();
      else if (action === 'reset') this.reset();
      else if (action === 'share' || action === 'restore' || action === 'discard') void this.session(action);
    });
    this.addEventListener('keydown', (ev) => {
      // Ctrl/Cmd+Enter anywhere in the component; the editor handles it itself (defaultPrevented).
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && !ev.defaultPrevented) {
        ev.preventDefault();
        void this.run();
      }
    });

    if (isShareHash()) void this.session('apply');
    else this.restoreEdit();
    window.addEventListener('hashchange', () => isShareHash() && void this.session('apply'));
    this.dataset['ready'] = '';
  }

  /** Shows what the store holds: the badge, 重置, and the editor's text (when open). */
  private render(state: ShownState): void {
    const modified = this.shown.modified;
    this.child('modified').hidden = !modified;
    this.child('verified').hidden = modified; // 已验证 only while the verified code is shown
    this.child<HTMLButtonElement>('reset-button').disabled = !modified;
    if (modified) this.dataset['modified'] = '';
    else delete this.dataset['modified'];
    this.dataset['origin'] = state.origin;
    if (this.editor && this.editor.getCode() !== state.code) {
      this.quiet = true;
      try {
        this.editor.setCode(state.code);
      } finally {
        this.quiet = false;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Restoring: a saved edit, or a shared link (session.ts, loaded when there is one)

  private restoreEdit(): void {
    const saved = this.shown.loadSaved();
    if (saved) void this.openEditor(false);
    this.offerOwn(saved && saved.base !== this.shown.version ? saved.base : undefined);
  }

  /**
   * Clears the notice; session.ts then fills it in when there is something to say: an edit made on
   * an older verified version (`oldBase`), or an edit of the reader's own kept aside for shared code.
   */
  private offerOwn(oldBase?: string): void {
    this.notice('');
    if (oldBase || loadBackup(this.shown.snippet)) void this.session('offer', oldBase);
  }

  /** Runs one of session.ts's actions (share links, the kept-aside edit) on this element. */
  private async session(action: 'offer' | 'apply' | 'share' | 'restore' | 'discard', arg?: string): Promise<void> {
    (await import('./session'))[action](this, arg);
  }

  /** After a button removed or disabled itself: focus moves on to what comes next, not to <body>. */
  focusNext(): void {
    this.child(this.busy ? 'stop-button' : this.editor ? 'edit-button' : 'run-button').focus();
  }

  // -------------------------------------------------------------------------------------------
  // Editing

  /** Opens the editor on the shown code (once; 编辑 then just focuses it). */
  openEditor(focus: boolean): Promise<Editor> {
    if (!this.editorLoading) {
      const host = this.child('editor');
      const codeView = this.child('code');
      // The keyboard hint, unless a touch screen dropped it (connectedCallback).
      const keys = this.child('run-button').getAttribute('aria-describedby');
      this.editorLoading = import('./editor').then(({ createEditor }) => {
        host.replaceChildren();
        const editor = createEditor({
          parent: host,
          code: this.shown.code,
          label: `代码编辑器：${this.shown.snippet}`,
          ...(keys ? { describedBy: keys } : {}),
          onChange: (code) => {
            if (!this.quiet) this.shown.edit(code);
          },
          onRun: () => void this.run(),
        });
        codeView.hidden = true;
        host.hidden = false;
        this.editor = editor;
        this.dataset['editing'] = '';
        return editor;
      });
      this.editorLoading.catch(() => {
        this.editorLoading = null;
        this.notice('编辑器加载失败，请检查网络后重试。');
      });
    }
    return this.editorLoading.then((e) => {
      if (focus) e.focus();
      return e;
    });
  }

  private reset(): void {
    this.shown.reset();
    this.editor?.markError(null);
    this.clearLineMark();
    leaveShare();
    this.offerOwn();
    this.status('已恢复为已验证的代码。');
    this.focusNext(); // 重置 has just disabled itself
  }

  // -------------------------------------------------------------------------------------------
  // Running

  /** The verified snippets this one imports (Runnable.astro ships them as JSON), in load order. */
  private modules(): SnippetModule[] {
    const json = this.querySelector('script[data-part="modules"]')?.textContent;
    return json ? (JSON.parse(json) as SnippetModule[]) : [];
  }

  /** Runs the current code; resolves when the run has ended. */
  async run(): Promise<void> {
    if (this.busy) return; // already running (or loading the runner); 停止 ends it
    this.busy = true;
    const code = this.currentCode();
    const runButton = this.child<HTMLButtonElement>('run-button');
    const stopButton = this.child<HTMLButtonElement>('stop-button');
    this.dataset['state'] = 'running';
    runButton.disabled = true;
    stopButton.disabled = false;
    this.editor?.markError(null);
    this.clearLineMark();
    const output = {
      panel: this.child('output'),
      status: this.child('status'),
      log: this.child('log'),
      results: this.child('results'),
    };
    output.status.textContent = '正在加载运行器…';
    // The output is below the code: bring its first line into view if it is off screen.
    const r = output.status.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) {
      output.status.scrollIntoView({
        block: 'nearest',
        behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
      });
    }
    let final;
    try {
      const [{ getClient }, { createView }] = await Promise.all([import('./client'), import('./output')]);
      const view = createView(output, { code, timeoutMs: this.timeoutMs, onError: (err) => this.markError(err) });
      this.handle = getClient().run({
        code,
        path: this.dataset['snippet'] ?? '',
        modules: this.modules(),
        backend: this.backend,
        timeoutMs: this.timeoutMs,
        onEvent: (e) => view.handle(e),
      });
      if (runButton === document.activeElement) stopButton.focus({ preventScroll: true });
      final = await this.handle.finished;
    } catch (e) {
      output.status.textContent = `运行器加载失败：${e instanceof Error ? e.message : String(e)}`;
      output.panel.dataset['state'] = 'failed';
    } finally {
      const stopHadFocus = stopButton === document.activeElement;
      this.handle = null;
      this.busy = false;
      runButton.disabled = false;
      stopButton.disabled = true;
      if (stopHadFocus) runButton.focus({ preventScroll: true });
      this.dataset['state'] = final?.type === 'done' ? 'done' : 'failed';
    }
    this.dispatchEvent(new CustomEvent('snippet-run', { detail: final ?? null, bubbles: true }));
  }

  /** Stops the running (or queued) run of this snippet. */
  stop(): void {
    this.handle?.stop();
  }

  private markError(err: RunError): void {
    if (err.line === undefined) return;
    const message = err.message;
    if (this.editor) {
      this.editor.markError({ line: err.line, column: err.column ?? 1, message });
      return;
    }
    const line = this.child('code').querySelectorAll('.line')[err.line - 1];
    line?.classList.add('runner-error-line');
  }

  private clearLineMark(): void {
    for (const l of this.child('code').querySelectorAll('.runner-error-line')) l.classList.remove('runner-error-line');
  }

  // -------------------------------------------------------------------------------------------
  // Copy (分享 is in session.ts)

  async writeClipboard(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }

  private async copy(): Promise<void> {
    const ok = await this.writeClipboard(this.currentCode());
    this.status(ok ? '代码已复制到剪贴板。' : '无法写入剪贴板：请在编辑器里全选（Ctrl+A）后复制。');
  }

  // -------------------------------------------------------------------------------------------

  /** Shows (or with '' hides) a note under the toolbar, e.g. about a shared link's version; returns its box. */
  notice(text: string): HTMLElement {
    const box = this.child('notice');
    box.textContent = text;
    box.hidden = text === '';
    return box;
  }

  /** A short message in the toolbar's live region (copied, reset, …). */
  status(text: string): void {
    const s = this.child('toast');
    s.textContent = text;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (s.textContent = ''), 5000);
  }
}

if (!customElements.get('snippet-runner')) customElements.define('snippet-runner', SnippetRunner);

declare global {
  interface HTMLElementTagNameMap {
    'snippet-runner': SnippetRunner;
  }
}
