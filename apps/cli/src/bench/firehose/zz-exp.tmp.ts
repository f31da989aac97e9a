import { IncomingMessage, ServerResponse, Server } from 'node:http';
import { okapiPhase, rawPhase, Phase, WIKIS } from './firehose-phases';
import { SseClientFleet } from './firehose-load';
import { benchArticle } from './firehose-load';
import { performance } from 'node:perf_hooks';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = (): number => performance.timeOrigin + performance.now();

async function nestRaw(mode = process.env.MODE ?? 'plain'): Promise<Phase> {
  const okapi = await okapiPhase();
  // reach the server: okapiPhase doesn't expose it, so connect by port and hook via a global
  const server = (globalThis as any).__lastServer as Server;
  const clients = new Map<string, Set<ServerResponse>>(WIKIS.map(([w]) => [w, new Set()]));
  const listeners = server.listeners('request') as any[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url!.startsWith('/raw')) { for (const l of listeners) l.call(server, req, res); return; }
    const wiki = new URL(req.url ?? '/', 'http://x').searchParams.get('wiki') ?? 'enwiki';
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(':ok\n\n');
    clients.get(wiki)!.add(res);
    res.on('close', () => clients.get(wiki)!.delete(res));
  });
  return {
    base: okapi.base,
    paths: WIKIS.flatMap(([w]) => [`/raw?wiki=${w}`, `/raw?wiki=${w}`, `/raw?wiki=${w}`]),
    publish: (batch) => {
      const byWiki = new Map<string, string>();
      for (const m of batch) byWiki.set(m.wiki, (byWiki.get(m.wiki) ?? '') + `event: message\nid: ${m.seq}\ndata: ${benchArticle(now(), m.seq, m.wiki, m.lang)}\n\n`);
      for (const [wiki, chunk] of byWiki) { const bytes = Buffer.from(chunk); for (const res of clients.get(wiki)!) { if (mode === 'cork') { res.cork(); res.write(bytes); res.uncork(); } else if (mode === 'imm') { setImmediate(() => res.write(bytes)); } else if (mode === 'immcork') { setImmediate(() => { res.cork(); res.write(bytes); res.uncork(); }); } else res.write(bytes); } }
    },
    close: async () => { for (const s of clients.values()) for (const r of s) r.destroy(); await okapi.close(); },
  };
}

async function run(name: string, open: () => Promise<Phase>) {
  const phase = await open();
  const fleet = new SseClientFleet(phase.base, phase.paths, 1000);
  await fleet.ready();
  let seq = 0; const t0 = Date.now();
  const timer = setInterval(() => { const due = Math.floor(((Date.now() - t0) / 1000) * 80); const b = []; while (seq < due) { const [wiki, lang] = WIKIS[seq % 4]; b.push({ wiki, lang, seq: ++seq }); } if (b.length) phase.publish(b); }, 5);
  await sleep(2000); fleet.start(); const c0 = process.cpuUsage(); await sleep(6000); const c = process.cpuUsage(c0);
  const r = await fleet.stop(); clearInterval(timer); fleet.kill(); await phase.close();
  console.log(name, 'user', (c.user / r.received).toFixed(1), 'sys', (c.system / r.received).toFixed(1), 'p99', r.p99.toFixed(1));
}
(async () => {
  const orig = Server.prototype.listen;
  (Server.prototype as any).listen = function (this: Server, ...a: any[]) { (globalThis as any).__lastServer = this; return (orig as any).apply(this, a); };
  for (const [n, o] of process.argv.slice(2).map((n) => [n, n === 'nestraw' ? nestRaw : n === 'raw' ? rawPhase : okapiPhase] as const)) await run(n, o);
  process.exit(0);
})();
