// tenant/require-org-filter: every supabase-js query on a tenant table names the org itself.
//
//   client.from('<tenant table>')…  select / update / delete: the chain (or an unconditional later
//                                   use of the variable holding it) has .eq('org_id', …), or the
//                                   query is passed through a scoped helper (applyFilters, scoped*).
//                                   insert / upsert: every row object has an org_id key.
//   client.rpc('<org function>', {…}) the arguments include p_org_id.
//
// Tenant tables and org functions come from eslint-rules/tenant-tables.json, generated from the
// migrations. The client's variable name does not matter, so service-role code in jobs is covered.
// A deliberate exception needs: // eslint-disable-next-line tenant/require-org-filter -- <reason>
// (tenant/disable-needs-reason rejects the comment without a reason).
import { readFileSync } from 'node:fs';

const TENANT = JSON.parse(readFileSync(new URL('./tenant-tables.json', import.meta.url), 'utf8'));

const WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ChainExpression', 'AwaitExpression']);
// Nodes between a use of a query variable and its declaring block that make the use conditional.
const CONDITIONAL = new Set([
  'IfStatement', 'ConditionalExpression', 'LogicalExpression', 'SwitchStatement', 'ForStatement', 'ForInStatement',
  'ForOfStatement', 'WhileStatement', 'DoWhileStatement', 'CatchClause',
  'ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration',
]);
const NOT_A_CLIENT = new Set(['Array', 'Buffer', 'Uint8Array', 'Object', 'String', 'Set', 'Map', 'Promise']);

/** @param {any} node */
function stringValue(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

/** @param {any} member */
function propertyName(member) {
  if (member.type !== 'MemberExpression') return null;
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  return stringValue(member.property);
}

/** @param {any} node */
function unwrap(node) {
  while (node && WRAPPERS.has(node.type)) node = node.expression ?? node.argument;
  return node;
}

/** Climbs from an expression through wrappers (await, as, !, ?.) to the node that uses its value. */
function climb(node) {
  while (node.parent && WRAPPERS.has(node.parent.type)) node = node.parent;
  return node;
}

/**
 * The calls chained on `start` (start.a(…).b(…)…), and the outermost expression of the chain.
 * @param {any} start
 */
function chainFrom(start) {
  const calls = [];
  let node = climb(start);
  for (;;) {
    const member = node.parent;
    if (!member || member.type !== 'MemberExpression' || member.object !== node) break;
    const call = member.parent;
    if (!call || call.type !== 'CallExpression' || call.callee !== member) break;
    calls.push({ name: propertyName(member), args: call.arguments, node: call });
    node = climb(call);
  }
  return { calls, top: node };
}

/** @param {any} objectExpression @param {string} key */
function hasKey(objectExpression, key) {
  return objectExpression.properties.some(
    (p) => p.type === 'Property' && !p.computed && (p.key.type === 'Identifier' ? p.key.name === key : p.key.value === key),
  );
}

const requireOrgFilter = {
  meta: {
    type: 'problem',
    docs: { description: 'Tenant-table queries must filter by org_id (or go through a scoped helper); inserts must set org_id.' },
    schema: [
      {
        type: 'object',
        properties: {
          tables: { type: 'array', items: { type: 'string' } },
          rpcFunctions: { type: 'array', items: { type: 'string' } },
          scopedHelpers: { type: 'array', items: { type: 'string' } },
          scopedHelperPrefixes: { type: 'array', items: { type: 'string' } },
          orgColumn: { type: 'string' },
          orgParam: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      missingOrgFilter:
        "Query on tenant table '{{table}}' has no .eq('{{column}}', orgId) and is not passed through a scoped helper ({{helpers}}). Filter by the org, or, if crossing orgs is the point, add `// eslint-disable-next-line tenant/require-org-filter -- <reason>`.",
      rowsMissingOrg:
        "{{op}} into tenant table '{{table}}': every row must be an object with an explicit {{column}} key (the rule cannot see one here).",
      rpcMissingOrg: "rpc('{{fn}}') is org-scoped: pass {{param}} in an object literal of arguments.",
    },
  },

  create(context) {
    const opts = context.options[0] ?? {};
    const tables = new Set(opts.tables ?? TENANT.tables);
    const rpcFunctions = new Set(opts.rpcFunctions ?? TENANT.rpcFunctions);
    const helpers = opts.scopedHelpers ?? ['applyFilters'];
    const prefixes = opts.scopedHelperPrefixes ?? ['scoped'];
    const column = opts.orgColumn ?? 'org_id';
    const param = opts.orgParam ?? 'p_org_id';
    const sourceCode = context.sourceCode;

    /** @param {any} callee */
    const isHelper = (callee) => {
      const name = callee.type === 'Identifier' ? callee.name : propertyName(callee);
      return !!name && (helpers.includes(name) || prefixes.some((p) => name.startsWith(p)));
    };

    /** @param {{ name: string | null, args: any[] }} call */
    const isOrgFilter = ({ name, args }) => {
      if (name === 'eq') return stringValue(args[0]) === column && args.length >= 2;
      if (name === 'filter') return stringValue(args[0]) === column && stringValue(args[1]) === 'eq' && args.length >= 3;
      if (name === 'match') return args[0]?.type === 'ObjectExpression' && hasKey(args[0], column);
      return false;
    };

    /** Is the value of expression `top` handed to a scoped helper? */
    const passedToHelper = (top) => {
      const p = top.parent;
      return !!p && p.type === 'CallExpression' && p.arguments.includes(top) && isHelper(p.callee);
    };

    /** The variable `top` is stored in (const q = …, q = …), if any. */
    const storedIn = (top) => {
      const p = top.parent;
      let id = null;
      if (p?.type === 'VariableDeclarator' && p.init === top && p.id.type === 'Identifier') id = p.id;
      if (p?.type === 'AssignmentExpression' && p.right === top && p.left.type === 'Identifier') id = p.left;
      if (!id) return null;
      let scope = sourceCode.getScope(id);
      while (scope) {
        const v = scope.set.get(id.name);
        if (v) return v;
        scope = scope.upper;
      }
      return null;
    };

    /** True when `node` runs whenever the statements of the variable's declaring block run. */
    const unconditional = (node, variable) => {
      const decl = variable.defs[0]?.node;
      let block = decl;
      while (block && block.type !== 'BlockStatement' && block.type !== 'Program' && block.type !== 'StaticBlock') block = block.parent;
      for (let n = node.parent; n && n !== block; n = n.parent) {
        if (CONDITIONAL.has(n.type)) return false;
      }
      return true;
    };

    /**
     * Everything that happens to the query built from `start`: its own chain, and the chains on the
     * variable it is stored in (followed once, unconditional uses only).
     */
    const analyse = (start) => {
      const own = chainFrom(start);
      const calls = [...own.calls];
      let scoped = passedToHelper(own.top);
      const variable = storedIn(own.top);
      if (variable) {
        for (const ref of variable.references) {
          if (!ref.isRead() || ref.identifier === start) continue;
          const use = chainFrom(ref.identifier);
          if (!unconditional(ref.identifier, variable)) continue;
          calls.push(...use.calls);
          if (passedToHelper(use.top)) scoped = true;
        }
      }
      return { calls, scoped };
    };

    /**
     * Can we see `key` on every object `expr` may be: an insert/upsert payload (one row or an array
     * of rows) or rpc arguments? Follows spreads, single-assignment variables and .map callbacks.
     */
    const everyRowHas = (expr, key, depth = 0) => {
      const rowsHaveOrg = (e, d) => everyRowHas(e, key, d);
      const node = unwrap(expr);
      if (!node || depth > 4) return false;
      switch (node.type) {
        case 'ObjectExpression':
          if (hasKey(node, key)) return true;
          return node.properties.some((p) => p.type === 'SpreadElement' && rowsHaveOrg(p.argument, depth + 1));
        case 'ArrayExpression':
          return node.elements.length > 0 && node.elements.every((e) => e && rowsHaveOrg(e.type === 'SpreadElement' ? e.argument : e, depth + 1));
        case 'ConditionalExpression':
          return rowsHaveOrg(node.consequent, depth + 1) && rowsHaveOrg(node.alternate, depth + 1);
        case 'Identifier': {
          let scope = sourceCode.getScope(node);
          let v = null;
          while (scope && !v) {
            v = scope.set.get(node.name) ?? null;
            scope = scope.upper;
          }
          const def = v?.defs.length === 1 ? v.defs[0] : null;
          const written = v?.references.filter((r) => r.isWrite()).length ?? 0;
          if (def?.type === 'Variable' && def.node.init && written <= 1) return rowsHaveOrg(def.node.init, depth + 1);
          return false;
        }
        case 'CallExpression': {
          // rows.map((r) => ({ org_id, … }))
          const fn = unwrap(node.arguments[0]);
          if (propertyName(node.callee) !== 'map' || !fn || !/Function/.test(fn.type)) return false;
          if (fn.body.type !== 'BlockStatement') return rowsHaveOrg(fn.body, depth + 1);
          const returns = [];
          const visit = (n) => {
            if (!n || typeof n.type !== 'string' || /Function/.test(n.type)) return;
            if (n.type === 'ReturnStatement') returns.push(n.argument);
            for (const key of sourceCode.visitorKeys[n.type] ?? []) {
              const child = n[key];
              if (Array.isArray(child)) child.forEach(visit);
              else visit(child);
            }
          };
          fn.body.body.forEach(visit);
          return returns.length > 0 && returns.every((r) => rowsHaveOrg(r, depth + 1));
        }
        default:
          return false;
      }
    };

    const location = (callNode) => ({ start: callNode.callee.property.loc.start, end: callNode.loc.end });

    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression') return;
        const method = propertyName(callee);

        if (method === 'rpc') {
          const fn = stringValue(node.arguments[0]);
          if (!fn || !rpcFunctions.has(fn)) return;
          if (!everyRowHas(node.arguments[1], param)) {
            context.report({ loc: location(node), messageId: 'rpcMissingOrg', data: { fn, param } });
          }
          return;
        }

        if (method !== 'from') return;
        const table = stringValue(node.arguments[0]);
        if (!table || !tables.has(table)) return;
        const object = unwrap(callee.object);
        if (propertyName(object) === 'storage') return; // a storage bucket, not a table
        if (object.type === 'Identifier' && NOT_A_CLIENT.has(object.name)) return;

        const { calls, scoped } = analyse(node);
        const write = calls.find((c) => c.name === 'insert' || c.name === 'upsert');
        if (write) {
          if (!everyRowHas(write.args[0], column)) {
            context.report({ loc: location(node), messageId: 'rowsMissingOrg', data: { op: write.name, table, column } });
          }
          return;
        }
        if (scoped || calls.some(isOrgFilter)) return;
        context.report({
          loc: location(node),
          messageId: 'missingOrgFilter',
          data: { table, column, helpers: [...helpers, ...prefixes.map((p) => `${p}*`)].join(', ') },
        });
      },
    };
  },
};

export default requireOrgFilter;
