import { describe, expect, it } from 'vitest';
import { escapeLabelValue, histogramSamples, prometheusText } from './prometheus-text.ts';

describe('prometheus text', () => {
  it('writes HELP, TYPE and one line per sample', () => {
    expect(
      prometheusText([
        { name: 'a_total', help: 'Things.', type: 'counter', samples: [{ labels: { function: 'f', region: 'r' }, value: 3 }] },
        { name: 'b', help: 'Depth.', type: 'gauge', samples: [] },
      ]),
    ).toBe(
      '# HELP a_total Things.\n# TYPE a_total counter\na_total{function="f",region="r"} 3\n# HELP b Depth.\n# TYPE b gauge\n',
    );
  });

  it('escapes label values', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });

  it('makes cumulative buckets ending in +Inf, a sum and a count', () => {
    const samples = histogramSamples({ f: 'x' }, [10, 100], [1, 2, 3], 4321);
    expect(prometheusText([{ name: 'h', help: 'H.', type: 'histogram', samples }]).split('\n')).toEqual([
      '# HELP h H.',
      '# TYPE h histogram',
      'h_bucket{f="x",le="10"} 1',
      'h_bucket{f="x",le="100"} 3',
      'h_bucket{f="x",le="+Inf"} 6',
      'h_sum{f="x"} 4321',
      'h_count{f="x"} 6',
      '',
    ]);
  });
});
