import { Prng } from './prng';

const WORDS = (
  'the of and in was is for on as by with from at his an were are which this also be has had first one their its ' +
  'new after who they two her she been other when there all during into school time may years more most only over ' +
  'city some world would where later up such used many can state about national out known university united then ' +
  'river village county district population census species album film season club team league war history church'
).split(' ');
const LINKS = [
  'United States',
  'England',
  'France',
  'Germany',
  'World War II',
  'London',
  'India',
  'Canada',
  'Australia',
  'Japan',
  'Italy',
  'Association football',
];

/**
 * Wikitext-shaped filler (paragraphs, links, references, an infobox and categories) from a
 * fixed 256 KiB corpus built once per seed. A page's text is a window into it, so building
 * a revision costs a slice, not a generation: the benchmark measures ingest, not the generator.
 */
export class WikitextCorpus {
  private readonly corpus: string;

  constructor(seed: number) {
    const rng = new Prng(seed ^ 0x5bd1e995);
    const parts: string[] = [];
    let size = 0;
    while (size < 256 * 1024) {
      const p = paragraph(rng);
      parts.push(p);
      size += p.length;
    }
    this.corpus = parts.join('');
  }

  /** About `bytes` of wikitext for a page; `variant` shifts the window so edits change text. */
  text(title: string, bytes: number, offset: number): string {
    const head = `{{Infobox settlement\n| name = ${title}\n}}\n'''${title}''' is `;
    const tail = `\n\n== References ==\n{{Reflist}}\n\n[[Category:${title.split(' ')[0]}]]\n`;
    const body = Math.max(0, bytes - head.length - tail.length);
    const start = offset % Math.max(1, this.corpus.length - body);
    return head + this.corpus.slice(start, start + Math.min(body, this.corpus.length)) + tail;
  }
}

function paragraph(rng: Prng): string {
  const words: string[] = [];
  const n = 40 + rng.int(80);
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.06)) words.push(`[[${rng.pick(LINKS)}]]`);
    else words.push(rng.pick(WORDS));
    if (rng.chance(0.02)) words.push(`<ref>{{cite web |title=${rng.pick(WORDS)} |year=${1990 + rng.int(35)}}}</ref>`);
  }
  return `${words.join(' ')}.\n\n${rng.chance(0.15) ? `== ${rng.pick(WORDS)} ${rng.pick(WORDS)} ==\n` : ''}`;
}
