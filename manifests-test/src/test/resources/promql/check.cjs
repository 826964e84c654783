// Parses PromQL expressions with Prometheus' own grammar (@prometheus-io/lezer-promql, the parser of the
// Prometheus UI). Input: a JSON array of expressions (file named by argv[2]). Output: a JSON array, one entry per
// expression: {errors: [offsets of syntax errors], metrics: [metric names the expression selects]}.
'use strict';
const fs = require('fs');
const { parser } = require('@prometheus-io/lezer-promql');

const expressions = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = expressions.map((expr) => {
  const tree = parser.parse(expr);
  const errors = [];
  const metrics = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(node.from);
      }
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id) {
          metrics.push(expr.slice(id.from, id.to));
        } else {
          // {__name__="metric"} selects by name without an identifier
          const matchers = node.node.getChild('LabelMatchers');
          if (matchers) {
            for (let m = matchers.firstChild; m; m = m.nextSibling) {
              const label = m.getChild('LabelName');
              const value = m.getChild('StringLiteral');
              if (label && value && expr.slice(label.from, label.to) === '__name__') {
                metrics.push(expr.slice(value.from + 1, value.to - 1));
              }
            }
          }
        }
      }
    },
  });
  return { errors, metrics };
});
process.stdout.write(JSON.stringify(results));
