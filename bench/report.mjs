// Plain-text formatting of the results; no measuring happens here.

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

export function table(headings, rows) {
  const widths = headings.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) =>
    cells.map((cell, i) => (i < 3 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
  return [line(headings), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function machineHeader(machine) {
  return [
    `Onward benchmark  ${machine.date}`,
    `Machine: ${machine.cpuModel} x ${machine.cpuCount}, ${fixed(machine.totalMemGiB, 1)} GiB RAM, ` +
      `${machine.platform} ${machine.release}, Node ${machine.node}, load avg ${machine.loadAvg.map((l) => fixed(l, 2)).join(' ')}`,
  ].join('\n');
}

export function startupSection(startup) {
  const rows = ['onward', 'bare'].map((kind) => [
    kind === 'onward' ? 'Onward CLI' : 'bare node:http',
    `${fixed(startup[kind].medianMs, 1)} ms`,
    startup[kind].samplesMs.map((ms) => fixed(ms, 0)).join(' '),
  ]);
  return [
    `Start-to-ready (spawn until "Ready." on stdout; median of ${startup.onward.samplesMs.length})`,
    table(['Server', 'median', 'samples ms'], rows),
    `Ratio Onward/bare: ${fixed(startup.ratio, 2)}x`,
  ].join('\n');
}

export function throughputSection(rows) {
  const body = rows.map((r) => [
    r.server,
    r.workload,
    r.client,
    `${fixed(r.rate, 0)} ${r.unit}`,
    fixed(r.p99Ms, 1),
    fixed(r.vsCeiling, 2),
    r.vsMoto === undefined ? '' : fixed(r.vsMoto, 2),
    r.ok ? 'ok' : `${r.non2xx} non-2xx, ${r.errors} err`,
  ]);
  return table(['Server', 'Workload', 'Client', 'Rate', 'p99 ms', 'x ceiling', 'Onward/moto', 'Responses'], body);
}
