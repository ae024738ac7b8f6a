// Parse Mermaid texts with mermaid's own parser. Input (stdin): a JSON list of texts.
// Output (stdout): a JSON list of {"ok": true, "type": "...", "vertices": [[id, text], ...], "edges": [[from, to], ...],
// "subgraphs": [[id, title, [node ids]], ...]} (vertices, edges and subgraphs for flowcharts) or {"ok": false, "error": "..."}.
// mermaid sanitises labels with DOMPurify, which needs a DOM: jsdom provides one.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    const result = { ok: true, type: parsed.diagramType };
    if (parsed.diagramType.startsWith('flowchart')) {
      const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
      result.vertices = [...db.getVertices().values()].map((v) => [v.id, v.text]);
      result.edges = db.getEdges().map((e) => [e.start, e.end]);
      result.subgraphs = db.getSubGraphs().map((g) => [g.id, g.title, g.nodes]);
    }
    results.push(result);
  } catch (err) {
    results.push({ ok: false, error: String(err && err.message ? err.message : err).split('\n').slice(0, 4).join('\n') });
  }
}
process.stdout.write(JSON.stringify(results));
