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
  const kinds = startup.up ? ['onward', 'bare', 'up'] : ['onward', 'bare'];
  const labels = { onward: 'Onward CLI', bare: 'bare node:http', up: 'onward up examples/payments (deployed)' };
  const rows = kinds.map((kind) => [
    labels[kind],
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

const ms = (value) => (Number.isFinite(value) ? `${fixed(value, value < 10 ? 2 : 1)} ms` : '-');
const perSecond = (value, unit) => `${fixed(value, 0)} ${unit}`;
const ratio = (onward, floor) => `${fixed(onward / floor, onward / floor < 10 ? 2 : 1)}x`;

export function lambdaSection(lambda) {
  const { settings: s, cold, sequential: seq, concurrent: con, checks, floorChecks } = lambda;
  const coldFloor = cold.floor.forkToFirstReply.medianMs;
  const rows = [
    [
      'Cold start, median',
      'CreateFunction -> first result',
      'fork -> first reply',
      cold.onward.createToResult.medianMs,
      coldFloor,
    ],
    ['Cold start, median', 'first Invoke after create', 'fork -> first reply', cold.onward.firstInvoke.medianMs, coldFloor],
    ['Warm latency p50', 'Invoke, 1 client', 'round trip, 1 child', seq.onward.p50Ms, seq.floor.p50Ms],
    ['Warm latency p99', 'Invoke, 1 client', 'round trip, 1 child', seq.onward.p99Ms, seq.floor.p99Ms],
  ].map(([measure, onward, floor, o, f]) => [measure, onward, floor, ms(o), ms(f), ratio(o, f)]);
  rows.push(
    [
      'Warm rate',
      `Invoke, ${s.clients} clients`,
      `round trips, ${s.clients} children`,
      perSecond(con.onward.rate, 'invokes/s'),
      perSecond(con.floor.rate, 'rt/s'),
      ratio(con.onward.rate, con.floor.rate),
    ],
    [
      'Warm latency p99',
      `Invoke, ${s.clients} clients`,
      `round trips, ${s.clients} children`,
      ms(con.onward.p99Ms),
      ms(con.floor.p99Ms),
      ratio(con.onward.p99Ms, con.floor.p99Ms),
    ],
  );
  const samples = (label, { samplesMs }) => `  ${label}: ${samplesMs.map((v) => fixed(v, 0)).join(' ')}`;
  const bad = checks.non2xx + checks.errors + checks.functionErrors + checks.wrongBodies;
  return [
    `Lambda: \`${s.handler}\` (${s.runtime}) on one Onward process; floor = child_process.fork of a`,
    `script echoing IPC messages (process.on('message', m => process.send(m))), measured in this process`,
    `Cold: median of ${s.coldRuns}, a new function each; warm sequential: ${s.sequentialInvokes} after ${s.warmupMs / 1000} s warm-up; ` +
      `${s.clients} clients: ${s.measureMs / 1000} s after ${s.warmupMs / 1000} s warm-up, keep-alive http.Agent`,
    table(['Measure', 'Onward does', 'Floor does', 'Onward', 'Floor', 'Onward/floor'], rows),
    'Cold samples (ms, in order):',
    samples('Onward CreateFunction -> first result', cold.onward.createToResult),
    samples('Onward CreateFunction alone          ', cold.onward.createAlone),
    samples('Onward first Invoke after create     ', cold.onward.firstInvoke),
    samples('floor fork -> first IPC reply        ', cold.floor.forkToFirstReply),
    `Onward/floor: above 1 means Onward takes longer (times); below 1 means Onward does less (rates).`,
    `Warm sequential: Onward ${perSecond(seq.onward.rate, 'invokes/s')}, floor ${perSecond(seq.floor.rate, 'rt/s')}; ` +
      `function processes for bench-warm: ${lambda.warmInstances ?? 'unknown'} (expected ${s.clients}).`,
    `Checked ${checks.invokes} invokes (200, no X-Amz-Function-Error, payload echoed back): ${bad ? `${bad} FAILED` : 'all ok'}; ` +
      `${floorChecks.roundTrips} IPC replies: ${floorChecks.wrongReplies ? `${floorChecks.wrongReplies} wrong` : 'all ok'}. ` +
      `Section took ${fixed(lambda.seconds, 1)} s.`,
  ].join('\n');
}

export function asyncSection(a) {
  const { settings: s, targets: t, ceiling, accept, endToEnd: e2e, latency, backlog } = a;
  const checked = (c) => (c.lost || c.duplicated || c.unknown ? `${c.lost} lost, ${c.duplicated} dup` : 'each once');
  const rows = [
    [
      'Accept, no backlog',
      'Event invoke -> 202',
      'autocannon',
      perSecond(accept.rate, 'req/s'),
      fixed(accept.p99Ms, 1),
      fixed(accept.vsCeiling, 2),
      accept.ok ? 'ok' : `${accept.non2xx} non-2xx, ${accept.errors} err`,
    ],
    [
      `Accept, ${backlog.fill.accepted} queued`,
      'Event invoke -> 202',
      'autocannon',
      perSecond(backlog.accept.rate, 'req/s'),
      fixed(backlog.accept.p99Ms, 1),
      fixed(backlog.accept.vsCeiling, 2),
      backlog.accept.ok ? 'ok' : `${backlog.accept.non2xx} non-2xx, ${backlog.accept.errors} err`,
    ],
    [
      `End to end, ${e2e.accepted}`,
      'invoke -> SQS record',
      'http loop',
      perSecond(e2e.rate, 'records/s'),
      '',
      '',
      checked(e2e.check),
    ],
    [
      `Latency, ${s.pacedRate}/s paced`,
      'invoke sent -> record',
      'http',
      `p50 ${ms(latency.p50Ms)}`,
      fixed(latency.p99Ms, 1),
      '',
      checked(latency.check),
    ],
  ];
  return [
    `Async: Event invokes of \`${s.handler}\` on a fresh Onward process; records to an SQS OnSuccess destination,`,
    `consumed with ReceiveMessage (10, wait 1 s) + DeleteMessageBatch; ${s.connections} connections for the accept runs`,
    table(['Measure', 'Onward does', 'Client', 'Rate', 'p99 ms', 'x ceiling', 'Records'], rows),
    `Ceiling: ${ceiling.server} ${perSecond(ceiling.rate, 'req/s')} (${ceiling.client}, this run).`,
    `End to end: ${e2e.accepted} accepted in ${fixed(e2e.acceptSeconds, 1)} s (${perSecond(e2e.invokes.rate, 'invokes/s')}, p99 ${ms(e2e.invokes.p99Ms)}), ` +
      `last record ${fixed(e2e.seconds, 1)} s after the first 202.`,
    `Latency: ${latency.accepted}/${latency.total} sent in ${fixed(latency.sendSeconds, 1)} s (${perSecond(latency.total / latency.sendSeconds, 'invokes/s')}, ` +
      `${latency.lateSends} sends > 5 ms late); max ${ms(latency.maxMs)}.`,
    `Backlog: ${backlog.fill.accepted} events of a function sleeping 600 s queued in ${fixed(backlog.fill.seconds, 1)} s ` +
      `(${perSecond(backlog.fill.rate, 'events/s')}, p99 ${ms(backlog.fill.p99Ms)}; ${backlog.fill.accepted >= backlog.fill.wanted ? 'all' : 'NOT'} of the ${backlog.fill.wanted} asked, ` +
      `the fill stops after ${s.backlogFillMaxMs / 1000} s); latest 1000: ${JSON.stringify(backlog.sleeperStatusesOfLatest1000)}.`,
    `  Onward RSS ${fixed(a.onwardRssMiB.beforeFill, 0)} MiB before the fill, ${fixed(a.onwardRssMiB.afterFill, 0)} after, ${fixed(a.onwardRssMiB.atEnd, 0)} at the end.`,
    `  Note: in both accept runs the accepted events of the fast function also run (Onward executes them while`,
    `  accepting); with the backlog, the sleeping function holds its own attempt slots and its queue waits.`,
    `Target: accept >= ${t.acceptVsCeiling}x the ceiling -> ${accept.vsCeiling >= t.acceptVsCeiling && accept.ok ? 'PASS' : 'MISS'} (${fixed(accept.vsCeiling, 2)}x)`,
    `Target: end to end >= ${t.endToEndPerSec} invocations/s -> ${e2e.rate >= t.endToEndPerSec ? 'PASS' : 'MISS'} (${fixed(e2e.rate, 0)}/s)`,
    `Target: p99 at ${s.pacedRate}/s under ${t.pacedP99Ms} ms -> ${latency.p99Ms < t.pacedP99Ms ? 'PASS' : 'MISS'} (${ms(latency.p99Ms)})`,
    `Target: accept flat with a backlog (backlog/no-backlog >= ${t.backlogVsEmpty}) -> ${backlog.vsEmpty >= t.backlogVsEmpty ? 'PASS' : 'MISS'} ` +
      `(${fixed(backlog.vsEmpty, 2)}x with ${backlog.fill.accepted} queued)`,
    `Section took ${fixed(a.seconds, 1)} s.`,
  ].join('\n');
}
