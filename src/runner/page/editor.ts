/**
 * The code editor, loaded only when the reader presses 编辑 (or comes back to an edited
 * snippet): CodeMirror 6 with the TypeScript mode, the site's colours (CSS variables, so it
 * follows the light/dark switch), error marks from the runner, and Ctrl/Cmd+Enter to run.
 * Tab indents; Esc then Tab (or Ctrl+M) moves focus on, as CodeMirror recommends for keyboard users.
 */
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  drawSelection,
  highlightSpecialChars,
} from '@codemirror/view';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab, temporarilySetTabFocusMode } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { javascript } from '@codemirror/lang-javascript';
import { tags as t } from '@lezer/highlight';
import { offsetAt, type Position } from '../shared/errors';

/** What the runner element needs from an editor. */
export interface Editor {
  getCode(): string;
  /** Replaces the whole document (e.g. 重置), keeping undo history. */
  setCode(code: string): void;
  /** Marks an error at a 1-based position (null clears the marks). */
  markError(pos: (Position & { message: string }) | null): void;
  focus(): void;
}

export interface EditorOptions {
  parent: HTMLElement;
  code: string;
  /** Accessible name of the editing area. */
  label: string;
  /** Id of an element describing the keyboard shortcuts. */
  describedBy?: string;
  onChange(code: string): void;
  onRun(): void;
}

// Colours come from custom properties set on snippet-runner for each theme (Runnable.astro), so
// one highlight style serves light and dark and meets the same contrast as the Shiki view.
const highlight = HighlightStyle.define([
  {
    tag: [t.keyword, t.modifier, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword],
    color: 'var(--cm-keyword)',
  },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--cm-string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--cm-number)' },
  // No italic: the comments are Chinese, and CJK fonts have no italic (browsers slant them synthetically).
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: 'var(--cm-comment)' },
  {
    tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.function(t.variableName))],
    color: 'var(--cm-function)',
  },
  { tag: [t.typeName, t.className, t.namespace], color: 'var(--cm-type)' },
  { tag: [t.propertyName, t.definition(t.propertyName)], color: 'var(--cm-property)' },
  { tag: [t.variableName, t.definition(t.variableName)], color: 'var(--fg)' },
  { tag: [t.operator, t.punctuation, t.bracket], color: 'var(--fg)' },
]);

const themeFor = (dark: boolean) =>
  EditorView.theme(
    {
      '&': {
        color: 'var(--fg)',
        backgroundColor: 'var(--bg-code)',
        fontSize: '0.86rem',
        border: '1px solid var(--border)',
        borderRadius: '8px',
      },
      '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '2px' },
      '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.6' },
      '.cm-content': { caretColor: 'var(--fg)', padding: '0.6rem 0' },
      '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
      '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
        { backgroundColor: 'var(--cm-selection)' },
      '.cm-gutters': {
        backgroundColor: 'var(--bg-code)',
        color: 'var(--muted)',
        border: 'none',
        borderRadius: '8px 0 0 8px',
      },
      '.cm-activeLine': { backgroundColor: 'var(--cm-active-line)' },
      '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line)', color: 'var(--fg)' },
      '.cm-matchingBracket': { backgroundColor: 'var(--cm-selection)', outline: '1px solid var(--muted)' },
      '.cm-tooltip': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
      '.cm-diagnostic-error': { borderLeftColor: 'var(--errata-border)' },
      '.cm-lintRange-error': {
        backgroundImage: 'none',
        textDecoration: 'underline wavy var(--errata-border)',
        textUnderlineOffset: '3px',
      },
    },
    { dark },
  );

const isDark = () => document.documentElement.dataset['theme'] === 'dark';

/** Creates an editor in `parent`. */
export function createEditor(opts: EditorOptions): Editor {
  const theme = new Compartment();
  // tabindex: the editing area is focusable anyway (contenteditable), but axe's scrollable-region-focusable
  // rule only counts elements with a tabindex, and a long snippet makes the scroller around it scroll.
  const attrs: Record<string, string> = { 'aria-label': opts.label, tabindex: '0' };
  if (opts.describedBy) attrs['aria-describedby'] = opts.describedBy;
  const view = new EditorView({
    parent: opts.parent,
    state: EditorState.create({
      doc: opts.code,
      extensions: [
        // Before defaultKeymap, whose Mod-Enter would insert a blank line.
        Prec.highest(
          keymap.of([
            { key: 'Mod-Enter', run: () => (opts.onRun(), true) },
            { key: 'Escape', run: temporarilySetTabFocusMode },
          ]),
        ),
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        syntaxHighlighting(highlight),
        javascript({ typescript: true }),
        lintGutter(),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorState.tabSize.of(2),
        EditorView.contentAttributes.of(attrs),
        theme.of(themeFor(isDark())),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  // Follow the site's theme switch (ThemeScript / the header button set data-theme on <html>).
  const observer = new MutationObserver(() => view.dispatch({ effects: theme.reconfigure(themeFor(isDark())) }));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  return {
    getCode: () => view.state.doc.toString(),
    setCode(code) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
    },
    markError(pos) {
      if (!pos) {
        view.dispatch(setDiagnostics(view.state, []));
        return;
      }
      const doc = view.state.doc.toString();
      const from = offsetAt(doc, pos);
      const line = view.state.doc.lineAt(from);
      // Underline the token at the column (or the whole line when there is no column).
      const word = /^[\w$]+/.exec(doc.slice(from, line.to));
      const to = word ? from + word[0].length : from === line.to ? line.to : from + 1;
      const diagnostic: Diagnostic = {
        from: from === line.to && line.from < line.to ? line.from : from,
        to: Math.max(to, from),
        severity: 'error',
        message: pos.message,
      };
      view.dispatch(setDiagnostics(view.state, [diagnostic]));
    },
    focus: () => view.focus(),
  };
}
