/**
 * `<snippet-runner>`: the custom element around each server-rendered snippet (Runnable.astro).
 * This file is all a page loads up front, so it only wires buttons and restores saved edits;
 * the runner (client, worker, tfjs, sucrase), CodeMirror and lz-string are imported on the first
 * click that needs them, the way Starlight's search loads Pagefind.
 *
 * Events: dispatches `snippet-run` (detail: the run's final message) when a run ends, for tests,
 * the bench, and anyone embedding the page.
 */
import { DEFAULT_TIMEOUT_MS, isBackendChoice, type BackendChoice } from './config';
import { clearEdit, loadBackend, loadEdit, saveBackend, saveEdit } from './storage';
import type { Editor } from './editor';
import type { RunHandle } from './client';
import type { RunError } from './protocol';

/** Same as share.ts; repeated so that checking the hash does not load lz-string. */
const SHARE_PREFIX = '#share=';

export class SnippetRunner extends HTMLElement {
  private snippet = '';
  private version = '';
  private original = '';
  /** The code when no editor is open (the verified code, a saved edit or a shared one). */
  private code = '';
  private editor: Editor | null = null;
  private editorLoading: Promise<Editor> | null = null;
  private handle: RunHandle | null = null;
  /** Set from the press of 运行 until the run ends, including while the runner loads. */
  private busy = false;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
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

  private get backend(): BackendChoice {
    const v = this.child<HTMLSelectElement>('backend').value;
    return isBackendChoice(v) ? v : 'auto';
  }

  /** The code a run, copy or share uses right now. */
  currentCode(): string {
    return this.editor ? this.editor.getCode() : this.code;
  }

  connectedCallback(): void {
    if (this.wired) return;
    this.wired = true;
    this.snippet = this.dataset['snippet'] ?? '';
    this.version = this.dataset['version'] ?? '';
    this.original = JSON.parse(this.child('source').textContent ?? '""') as string;
    this.code = this.original;

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
      else if (action === 'share') void this.share();
    });
    this.addEventListener('keydown', (ev) => {
      // Ctrl/Cmd+Enter anywhere in the component; the editor handles it itself (defaultPrevented).
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && !ev.defaultPrevented) {
        ev.preventDefault();
        void this.run();
      }
    });

    if (location.hash.startsWith(SHARE_PREFIX)) void this.applyShareHash();
    else this.restoreEdit();
    window.addEventListener('hashchange', () => {
      if (location.hash.startsWith(SHARE_PREFIX)) void this.applyShareHash();
    });
    this.dataset['ready'] = '';
  }

  // -------------------------------------------------------------------------------------------
  // Restoring: a saved edit, or a shared link

  private restoreEdit(): void {
    const saved = loadEdit(this.snippet);
    if (!saved || saved.code === this.original) return;
    this.code = saved.code;
    this.setModified(true);
    if (saved.base !== this.version) {
      this.notice(`你的修改基于旧的已验证版本（${saved.base}），当前版本是 ${this.version}。按“重置”可换成当前的已验证代码。`);
    }
    void this.openEditor(false);
  }

  private async applyShareHash(): Promise<void> {
    const { decodeShare } = await import('./share');
    const shared = decodeShare(location.hash);
    if (!shared || shared.snippet !== this.snippet) return;
    this.stop();
    this.code = shared.code;
    if (this.editor) this.editor.setCode(shared.code);
    this.child<HTMLSelectElement>('backend').value = shared.backend;
    this.setModified(shared.code !== this.original);
    let text = '这段代码来自分享链接，还没有运行：检查后按“运行”执行。';
    if (shared.version !== this.version) {
      text += `分享时的已验证版本是 ${shared.version}，当前是 ${this.version}，两者不同：链接里的代码可能基于旧版本。`;
    }
    this.notice(text);
    await this.openEditor(false);
    this.scrollIntoView({ block: 'start' });
  }

  // -------------------------------------------------------------------------------------------
  // Editing

  private openEditor(focus: boolean): Promise<Editor> {
    if (!this.editorLoading) {
      const host = this.child('editor');
      const codeView = this.child('code');
      this.child('edit-button').setAttribute('aria-pressed', 'true');
      this.editorLoading = import('./editor').then(({ createEditor }) => {
        host.replaceChildren();
        const editor = createEditor({
          parent: host,
          code: this.code,
          label: `代码编辑器：${this.snippet}`,
          describedBy: this.child('keys').id,
          onChange: (code) => this.onEdit(code),
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
        this.child('edit-button').setAttribute('aria-pressed', 'false');
        this.notice('编辑器加载失败，请检查网络后重试。');
      });
    }
    return this.editorLoading.then((e) => {
      if (focus) e.focus();
      return e;
    });
  }

  private onEdit(code: string): void {
    this.setModified(code !== this.original);
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => saveEdit(this.snippet, code, this.original, this.version), 250);
  }

  private setModified(modified: boolean): void {
    this.child('modified').hidden = !modified;
    this.child<HTMLButtonElement>('reset-button').disabled = !modified;
    if (modified) this.dataset['modified'] = '';
    else delete this.dataset['modified'];
  }

  private reset(): void {
    clearTimeout(this.saveTimer);
    clearEdit(this.snippet);
    this.code = this.original;
    this.editor?.setCode(this.original);
    this.editor?.markError(null);
    this.clearLineMark();
    this.setModified(false);
    this.notice('');
    if (location.hash.startsWith(SHARE_PREFIX)) history.replaceState(null, '', location.pathname + location.search);
    this.status('已恢复为已验证的代码。');
  }

  // -------------------------------------------------------------------------------------------
  // Running

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
    let final;
    try {
      const [{ getClient }, { createView }] = await Promise.all([import('./client'), import('./output')]);
      const view = createView(output, { code, timeoutMs: this.timeoutMs, onError: (err) => this.markError(err) });
      this.handle = getClient().run({ snippet: this.snippet, code, backend: this.backend, timeoutMs: this.timeoutMs, onEvent: (e) => view.handle(e) });
      if (runButton === document.activeElement) stopButton.focus();
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
      if (stopHadFocus) runButton.focus();
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
  // Copy and share

  private async writeClipboard(text: string): Promise<boolean> {
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

  private async share(): Promise<void> {
    const { shareUrl } = await import('./share');
    const url = shareUrl(location.href, { snippet: this.snippet, code: this.currentCode(), backend: this.backend, version: this.version });
    history.replaceState(null, '', url);
    const ok = await this.writeClipboard(url);
    const box = this.child('notice');
    box.hidden = false;
    box.replaceChildren();
    const label = document.createElement('label');
    label.textContent = ok ? '分享链接已复制到剪贴板（打开后不会自动运行）：' : '分享链接（无法写入剪贴板，请手动复制；打开后不会自动运行）：';
    const input = document.createElement('input');
    input.type = 'text';
    input.readOnly = true;
    input.value = url;
    input.className = 'runner-share-url';
    input.dataset['part'] = 'share-url';
    label.append(input);
    box.append(label);
    input.select();
  }

  // -------------------------------------------------------------------------------------------

  /** Shows (or with '' hides) a note above the output, e.g. about a shared link's version. */
  private notice(text: string): void {
    const box = this.child('notice');
    box.textContent = text;
    box.hidden = text === '';
  }

  /** A short message in the toolbar's live region (copied, reset, …). */
  private status(text: string): void {
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
