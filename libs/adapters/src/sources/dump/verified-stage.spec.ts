import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { RecordRevision } from '@okapi/domain';
import { VerifiedStage } from './verified-stage';
import { promised } from '../../errors/promised';

const batch = (id: number): RecordRevision[] => [
  { revisionId: id, text: 'x'.repeat(100) } as unknown as RecordRevision,
];
const spills = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('okapi-dump-stage-'));

describe('VerifiedStage', () => {
  it.each([
    ['in memory', 1 << 20],
    ['spilled to a temporary file', 0],
  ])('hands on, in order, only batches whose bytes are verified (%s)', async (_how, memory) => {
    const before = spills().length;
    const out: number[] = [];
    const stage = new VerifiedStage((b) => promised(() => void out.push(b[0].revisionId)), memory);
    stage.add(batch(1), 100);
    stage.add(batch(2), 200);
    stage.add(batch(3), 300);
    await stage.commit(99);
    expect(out).toEqual([]);
    await stage.commit(200);
    expect(out).toEqual([1, 2]);
    stage.add(batch(4), 400);
    await stage.commit(Infinity);
    expect(out).toEqual([1, 2, 3, 4]);
    expect(stage.empty).toBe(true);
    expect(spills().length).toBe(before);
  });

  it('drops what it holds, temporary file included', async () => {
    const before = spills().length;
    const out: number[] = [];
    const stage = new VerifiedStage((b) => promised(() => void out.push(b[0].revisionId)), 0);
    stage.add(batch(1), 100);
    expect(spills().length).toBe(before + 1);
    stage.discard();
    await stage.commit(Infinity);
    expect(out).toEqual([]);
    expect(spills().length).toBe(before);
  });
});
