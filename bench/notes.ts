/**
 * Hand-written sections of bench/README.md, kept in bench/notes.md so a regeneration cannot lose them. Pure: run.ts
 * reads the file, readme.ts places each note after the generated section it names.
 */

/** One note: the generated section it follows, and its Markdown (its own `## ` heading included). */
export interface Note {
  after: string;
  text: string;
}

const AFTER = /^<!--\s*after:\s*(.+?)\s*-->\s*$/;

/**
 * The notes of bench/notes.md: each begins with a line `<!-- after: <heading> -->` and runs to the next such line.
 * Text before the first one is the file's own explanation and is not a note.
 */
export function parseNotes(md: string): Note[] {
  const notes: Note[] = [];
  let current: { after: string; lines: string[] } | null = null;
  const flush = () => {
    if (current) notes.push({ after: current.after, text: current.lines.join('\n').trim() });
  };
  for (const line of md.split(/\r?\n/)) {
    const m = AFTER.exec(line);
    if (m) {
      flush();
      current = { after: m[1], lines: [] };
    } else current?.lines.push(line);
  }
  flush();
  return notes.filter((n) => n.text.length > 0);
}

/**
 * `generated` with each note placed at the end of the `## ` section it follows (a heading equal to `after`, or that
 * and a bracket: "Machine" matches "Machine (run of …)", not "Machine room"), in the notes' order. A note naming no
 * section goes at the end and is returned in `unplaced`, so a renamed heading is reported, not a note lost.
 */
export function placeNotes(generated: string, notes: readonly Note[]): { text: string; unplaced: string[] } {
  // Split before each level-2 heading; the first part is everything above the first one.
  const parts = generated.split(/^(?=## )/m);
  const heading = (part: string) => (part.startsWith('## ') ? part.split('\n', 1)[0].slice(3).trim() : null);
  const matches = (h: string | null, after: string) => h !== null && (h === after || h.startsWith(`${after} (`));
  const unplaced: string[] = [];
  const extra = new Map<number, string[]>();
  for (const n of notes) {
    const i = parts.findIndex((p) => matches(heading(p), n.after));
    if (i < 0) unplaced.push(n.after);
    const at = i < 0 ? parts.length - 1 : i;
    extra.set(at, [...(extra.get(at) ?? []), n.text]);
  }
  const text = parts
    .map((p, i) => {
      const add = extra.get(i);
      if (!add) return p;
      // One blank line between the section, its notes and the next section; the file ends with one newline.
      return `${p.replace(/\s+$/, '')}\n\n${add.join('\n\n')}${i < parts.length - 1 ? '\n\n' : '\n'}`;
    })
    .join('');
  return { text, unplaced };
}
