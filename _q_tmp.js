const { Session } = require('chdb');
const s = new Session('/tmp/perfsnap/q');
const T = 'default.articles_current';
const lit = (v) => typeof v === 'number' ? String(v) : `'${v.replace(/\\/g,'\\\\').replace(/'/g,"\\'")}'`;
const rows = (sql) => s.query(sql,'JSONEachRow').trim().split('\n').filter(Boolean).map(JSON.parse);
function byPageId() { let after=-1, n=0; for(;;){ const r=rows(`SELECT page_id, doc FROM (SELECT page_id, doc, deleted FROM ${T} FINAL WHERE wiki='benchwiki' AND namespace=0 AND page_id > ${after}) WHERE deleted=0 ORDER BY page_id LIMIT 1000`); n+=r.length; if(r.length<1000) return n; after=r[r.length-1].page_id; } }
function byKey() { let after, n=0; for(;;){ const cond = after ? `AND (name, page_id) > (${lit(after.name)}, ${after.page_id})` : ''; const r=rows(`SELECT name, page_id, doc FROM (SELECT name, page_id, doc, deleted FROM ${T} FINAL WHERE wiki='benchwiki' AND namespace=0 ${cond}) WHERE deleted=0 ORDER BY name, page_id LIMIT 1000`); n+=r.length; if(r.length<1000) return n; after=r[r.length-1]; } }
for (const [l,f] of [['page_id',byPageId],['key',byKey]]) { const c=process.cpuUsage(); const w=Date.now(); const n=f(); const u=process.cpuUsage(c); console.log(l, n, 'cpu ms', ((u.user+u.system)/1e3).toFixed(0), 'per page ms', ((u.user+u.system)/1e3/n).toFixed(3), 'wall', Date.now()-w); }
