#!/usr/bin/env node
// One loopback mock LLM for the real-agent tests. No dependencies.
//
// APIs:
//   POST /v1/responses          OpenAI Responses, SSE          (Codex 0.169)
//   POST /v1/messages           Anthropic Messages, SSE or JSON (Claude Code 2.1)
//   POST /v1/messages/count_tokens
//   POST /v1/chat/completions   OpenAI Chat Completions, SSE or JSON (OpenCode 1.18, Pi 0.73)
//   GET  /v1/models[/<id>]      one model, shaped for OpenAI and Anthropic clients alike
//   HEAD|GET /                  200 (Claude Code probes the base URL)
//   anything else               404 (e.g. the npm registry that OpenCode is pointed at: /npm-registry/...)
// The same paths without the /v1 prefix are accepted too.
//
// Stateless: every answer is decided from the request body alone, so a conversation
// survives an agent SIGKILL and a resume. Over the latest user turn (the user messages
// after the last assistant or tool item):
//   a tool result after it                 -> final text  "done: MOCK-FINISHED"
//        except Codex: while its exec_command result says "Process running with session ID N"
//        (it yields after 10 s), poll with write_stdin until the command has ended
//   no tool result, its text has MOCKTURN  -> ONE shell tool call, with the CLI's own shell tool:
//        `echo hi >> out.txt`, or when the text also has SLEEP
//        `echo start >> out.txt; sleep 120; echo after-sleep >> out.txt`
//   otherwise (no MOCKTURN, or no shell tool offered) -> plain text "MOCK-FINISHED"
//   Messages API only: its text has MOCKLIMIT and not "Continue the previous task" -> HTTP 429
//        with the rate-limit headers of a subscription's usage limit (five-hour window,
//        resetting in two hours): what a claude.ai login is told when its limit is hit.
// Every answer reports usage: 100 input tokens, 20 output tokens (120 total).
//
// Env: MOCK_PORT (0 or unset = any free port), MOCK_PORT_FILE (the bound port is written
// there, atomically), MOCK_LOG (optional JSONL: one short line per request),
// MOCK_EXIT_WITH_PARENT=1 (exit when the parent process goes away).
// Listens on 127.0.0.1 only. Prints nothing. SIGTERM/SIGINT: closes and exits 0.
import http from 'node:http';
import fs from 'node:fs';

const TEXT_FINAL = 'done: MOCK-FINISHED';
const TEXT_PLAIN = 'MOCK-FINISHED';
const COMMAND = 'echo hi >> out.txt';
const COMMAND_SLEEP = 'echo start >> out.txt; sleep 120; echo after-sleep >> out.txt';
const USAGE = { input: 100, output: 20 };
const MODEL_ID = 'mock-model';

// ---------------------------------------------------------------- the script
// items: [{ kind: 'user', text } | { kind: 'result' } | { kind: 'other' }] in conversation order.
function decide(items, shell, canLimit = false) {
  let last = -1;
  items.forEach((item, i) => { if (item.kind === 'user') last = i; });
  if (items.slice(last + 1).some((item) => item.kind === 'result')) return { type: 'text', text: TEXT_FINAL };
  if (last < 0) return { type: 'text', text: TEXT_PLAIN };
  let first = last;
  while (first > 0 && items[first - 1].kind === 'user') first -= 1;
  const turnText = items.slice(first, last + 1).map((item) => item.text).join('\n');
  if (canLimit && /MOCKLIMIT/.test(turnText) && !/Continue the previous task/.test(turnText)) return { type: 'limit' };
  if (!/MOCKTURN/.test(turnText) || !shell) return { type: 'text', text: TEXT_PLAIN };
  return { type: 'call', tool: shell, command: /SLEEP/.test(turnText) ? COMMAND_SLEEP : COMMAND };
}

// Arguments for a function tool that takes a shell command, shaped by its JSON schema.
function shellArgs(schema, command) {
  const props = (schema && schema.properties) || {};
  if ('cmd' in props) return { cmd: command };
  const args = props.command && props.command.type === 'array' ? { command: ['bash', '-lc', command] } : { command };
  if ('description' in props) args.description = 'mock shell step';
  return args;
}

const SHELL_NAMES = ['exec_command', 'shell_command', 'shell', 'bash', 'Bash', 'run_shell_command'];
function pickShell(tools) {
  for (const name of SHELL_NAMES) {
    const tool = tools.find((t) => t.name === name);
    if (tool) return tool;
  }
  return tools.find((t) => t.kind === 'local_shell') || null;
}

const textParts = (content) => {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (p && typeof p.text === 'string' ? p.text : '')).join('\n');
};

// ---------------------------------------------------------------- OpenAI Responses (Codex)
function responsesPlan(body) {
  const items = [];
  for (const it of Array.isArray(body.input) ? body.input : []) {
    if (!it || typeof it !== 'object') continue;
    if (it.type === 'message' || (it.type === undefined && it.role)) {
      if (it.role === 'user') items.push({ kind: 'user', text: textParts(it.content) });
      else if (it.role === 'assistant') items.push({ kind: 'other' });
      // developer/system messages are instructions, not part of a turn
    } else if (typeof it.type === 'string' && it.type.endsWith('_call_output')) {
      items.push({ kind: 'result', text: typeof it.output === 'string' ? it.output : textParts(it.output) });
    } else {
      items.push({ kind: 'other' });
    }
  }
  const tools = (Array.isArray(body.tools) ? body.tools : []).map((t) =>
    t.type === 'local_shell' ? { kind: 'local_shell', name: 'local_shell' } : { kind: t.type, name: t.name, schema: t.parameters });
  const names = tools.map((t) => t.name || t.kind);
  // Codex's exec_command returns after at most 30 s with the command still running: wait for it.
  const last = items[items.length - 1];
  const running = last && last.kind === 'result' && /Process running with session ID (\d+)/.exec(last.text || '');
  const poll = tools.find((t) => t.name === 'write_stdin');
  if (running && poll) {
    return { type: 'call', tool: poll, command: `(poll session ${running[1]})`,
      args: { session_id: Number(running[1]), chars: '', yield_time_ms: 300000 }, tools: names };
  }
  return { ...decide(items, pickShell(tools)), tools: names };
}

function responsesItem(plan, n) {
  if (plan.type === 'text') {
    return { type: 'message', id: `msg_mock_${n}`, role: 'assistant', status: 'completed',
      content: [{ type: 'output_text', text: plan.text, annotations: [] }] };
  }
  if (plan.tool.kind === 'local_shell') {
    return { type: 'local_shell_call', id: `lsh_mock_${n}`, call_id: `call_mock_${n}`, status: 'completed',
      action: { type: 'exec', command: ['bash', '-lc', plan.command] } };
  }
  return { type: 'function_call', id: `fc_mock_${n}`, call_id: `call_mock_${n}`, status: 'completed',
    name: plan.tool.name, arguments: JSON.stringify(plan.args || shellArgs(plan.tool.schema, plan.command)) };
}

function responsesObject(status, model, n, output) {
  const response = { id: `resp_mock_${n}`, object: 'response', created_at: Math.floor(Date.now() / 1000), status, model, output };
  if (status !== 'completed') return response;
  return { ...response, usage: {
    input_tokens: USAGE.input, input_tokens_details: { cached_tokens: 0 },
    output_tokens: USAGE.output, output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: USAGE.input + USAGE.output } };
}

function responsesStream(plan, model, n) {
  const item = responsesItem(plan, n);
  const events = [
    { type: 'response.created', response: responsesObject('in_progress', model, n, []) },
    { type: 'response.output_item.added', output_index: 0,
      item: { ...item, status: 'in_progress', ...(item.type === 'message' ? { content: [] } : {}) } },
  ];
  if (plan.type === 'text') {
    events.push({ type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: plan.text });
  }
  events.push({ type: 'response.output_item.done', output_index: 0, item });
  events.push({ type: 'response.completed', response: responsesObject('completed', model, n, [item]) });
  return events.map((e, i) => `event: ${e.type}\ndata: ${JSON.stringify({ ...e, sequence_number: i })}\n\n`).join('');
}

// ---------------------------------------------------------------- Anthropic Messages (Claude Code)
const isReminder = (text) => /^\s*<system-reminder>/.test(text);
function messagesPlan(body) {
  const items = [];
  for (const m of Array.isArray(body.messages) ? body.messages : []) {
    if (!m || m.role === 'system') continue;
    if (m.role !== 'user') { items.push({ kind: 'other' }); continue; }
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : Array.isArray(m.content) ? m.content : [];
    const results = blocks.filter((b) => b && b.type === 'tool_result');
    const texts = blocks.filter((b) => b && b.type === 'text' && typeof b.text === 'string').map((b) => b.text);
    for (let i = 0; i < results.length; i += 1) items.push({ kind: 'result' });
    // Beside tool results, reminders the CLI attaches are not a new prompt.
    const prompt = results.length ? texts.filter((t) => !isReminder(t)) : texts;
    if (prompt.length || !results.length) items.push({ kind: 'user', text: prompt.join('\n') });
  }
  const tools = (Array.isArray(body.tools) ? body.tools : []).map((t) => ({ kind: t.type || 'custom', name: t.name, schema: t.input_schema }));
  return { ...decide(items, pickShell(tools), true), tools: tools.map((t) => t.name || t.kind) };
}

function messagesBlock(plan, n) {
  if (plan.type === 'text') return { type: 'text', text: plan.text };
  return { type: 'tool_use', id: `toolu_mock_${n}`, name: plan.tool.name, input: shellArgs(plan.tool.schema, plan.command) };
}
const stopReason = (plan) => (plan.type === 'call' ? 'tool_use' : 'end_turn');
const anthropicUsage = (output) => ({ input_tokens: USAGE.input, output_tokens: output,
  cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });

function messagesStream(plan, model, n) {
  const block = messagesBlock(plan, n);
  const events = [
    { type: 'message_start', message: { id: `msg_mock_${n}`, type: 'message', role: 'assistant', model, content: [],
      stop_reason: null, stop_sequence: null, usage: anthropicUsage(1) } },
    { type: 'content_block_start', index: 0, content_block: block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} } },
    { type: 'content_block_delta', index: 0, delta: block.type === 'text'
      ? { type: 'text_delta', text: block.text }
      : { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: stopReason(plan), stop_sequence: null }, usage: { output_tokens: USAGE.output } },
    { type: 'message_stop' },
  ];
  return events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
}

function messagesJson(plan, model, n) {
  return { id: `msg_mock_${n}`, type: 'message', role: 'assistant', model, content: [messagesBlock(plan, n)],
    stop_reason: stopReason(plan), stop_sequence: null, usage: anthropicUsage(USAGE.output) };
}

/** A subscription's five-hour usage limit, as the Messages API says it (status, headers, body). */
function usageLimit(res) {
  const reset = Math.floor(Date.now() / 1000) + 2 * 3600;
  const body = JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: "This request would exceed your account's rate limit. Please try again later." }, request_id: 'req_mock_limit' });
  res.writeHead(429, {
    'content-type': 'application/json',
    'request-id': 'req_mock_limit',
    'retry-after': String(reset - Math.floor(Date.now() / 1000)),
    'anthropic-ratelimit-unified-status': 'rejected',
    'anthropic-ratelimit-unified-reset': String(reset),
    'anthropic-ratelimit-unified-representative-claim': 'five_hour',
    'anthropic-ratelimit-unified-5h-status': 'rejected',
    'anthropic-ratelimit-unified-5h-reset': String(reset),
    'anthropic-ratelimit-unified-5h-utilization': '1.0',
  });
  res.end(body);
}

// ---------------------------------------------------------------- OpenAI Chat Completions (OpenCode, Pi)
function chatPlan(body) {
  const items = [];
  for (const m of Array.isArray(body.messages) ? body.messages : []) {
    if (!m || m.role === 'system' || m.role === 'developer') continue;
    if (m.role === 'user') items.push({ kind: 'user', text: textParts(m.content) });
    else if (m.role === 'tool' || m.role === 'function') items.push({ kind: 'result' });
    else items.push({ kind: 'other' });
  }
  const tools = (Array.isArray(body.tools) ? body.tools : []).map((t) => ({
    kind: t.type || 'function', name: t.function ? t.function.name : t.name, schema: t.function ? t.function.parameters : t.parameters }));
  return { ...decide(items, pickShell(tools)), tools: tools.map((t) => t.name || t.kind) };
}

const chatUsage = () => ({ prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output });
const chatToolCall = (plan, n) => ({ id: `call_mock_${n}`, type: 'function',
  function: { name: plan.tool.name, arguments: JSON.stringify(shellArgs(plan.tool.schema, plan.command)) } });

function chatStream(plan, model, n) {
  const head = { id: `chatcmpl-mock-${n}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const choice = (delta, finish) => ({ ...head, choices: [{ index: 0, delta, finish_reason: finish }] });
  const chunks = [];
  if (plan.type === 'call') {
    const call = chatToolCall(plan, n);
    chunks.push(choice({ role: 'assistant', content: null,
      tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null));
    chunks.push(choice({ tool_calls: [{ index: 0, function: { arguments: call.function.arguments } }] }, null));
    chunks.push(choice({}, 'tool_calls'));
  } else {
    chunks.push(choice({ role: 'assistant', content: '' }, null));
    chunks.push(choice({ content: plan.text }, null));
    chunks.push(choice({}, 'stop'));
  }
  chunks.push({ ...head, choices: [], usage: chatUsage() });
  return chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
}

function chatJson(plan, model, n) {
  const message = plan.type === 'call'
    ? { role: 'assistant', content: null, tool_calls: [chatToolCall(plan, n)] }
    : { role: 'assistant', content: plan.text };
  return { id: `chatcmpl-mock-${n}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
    choices: [{ index: 0, message, finish_reason: plan.type === 'call' ? 'tool_calls' : 'stop' }], usage: chatUsage() };
}

// ---------------------------------------------------------------- server
const modelEntry = () => ({ id: MODEL_ID, object: 'model', type: 'model', display_name: 'Mock Model',
  created: 1700000000, created_at: '2023-11-14T22:13:20Z', owned_by: 'mock' });

let seq = 0;
const logFile = process.env.MOCK_LOG || '';
function log(entry) {
  if (!logFile) return;
  try { fs.appendFileSync(logFile, JSON.stringify({ t: new Date().toISOString(), ...entry }) + '\n'); } catch { /* best effort */ }
}

const planSummary = (plan) => ({ tools: plan.tools,
  ...(plan.type === 'call' ? { answer: 'call', tool: plan.tool.name, command: plan.command } : { answer: 'text', text: plan.text }) });

function send(res, status, contentType, body) {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-cache' });
  res.end(body);
}
const json = (res, status, value) => send(res, status, 'application/json', JSON.stringify(value));
const sse = (res, text) => send(res, 200, 'text/event-stream', text);

function handle(req, res, raw) {
  const n = ++seq;
  const path = (req.url || '/').split('?')[0].replace(/\/+$/, '') || '/';
  const route = path.replace(/^\/v1(?=\/|$)/, '') || '/';
  const entry = { n, method: req.method, path };
  let body = null;
  if (raw) { try { body = JSON.parse(raw); } catch { body = null; } }

  if (req.method === 'POST' && body && typeof body === 'object') {
    const model = typeof body.model === 'string' ? body.model : MODEL_ID;
    const stream = body.stream === true;
    let plan = null;
    let out = null;
    if (route === '/responses') {
      plan = responsesPlan(body);
      out = () => (body.stream === false
        ? json(res, 200, responsesObject('completed', model, n, [responsesItem(plan, n)]))
        : sse(res, responsesStream(plan, model, n)));
    } else if (route === '/messages') {
      plan = messagesPlan(body);
      out = () => (plan.type === 'limit' ? usageLimit(res) : stream ? sse(res, messagesStream(plan, model, n)) : json(res, 200, messagesJson(plan, model, n)));
    } else if (route === '/chat/completions') {
      plan = chatPlan(body);
      out = () => (stream ? sse(res, chatStream(plan, model, n)) : json(res, 200, chatJson(plan, model, n)));
    } else if (route === '/messages/count_tokens') {
      log({ ...entry, answer: 'count_tokens' });
      return json(res, 200, { input_tokens: USAGE.input });
    }
    if (plan) {
      log({ ...entry, api: route.slice(1), model, stream, ...planSummary(plan) });
      return out();
    }
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && route === '/') {
    log({ ...entry, answer: 'ok' });
    return json(res, 200, { ok: true });
  }
  if (req.method === 'GET' && route === '/models') {
    log({ ...entry, answer: 'models' });
    return json(res, 200, { object: 'list', data: [modelEntry()], models: [], has_more: false, first_id: MODEL_ID, last_id: MODEL_ID });
  }
  if (req.method === 'GET' && route.startsWith('/models/')) {
    log({ ...entry, answer: 'model' });
    return json(res, 200, { ...modelEntry(), id: decodeURIComponent(route.slice('/models/'.length)) });
  }
  log({ ...entry, answer: 404 });
  return json(res, 404, { type: 'error', error: { type: 'not_found_error', message: `mock-llm: nothing at ${req.method} ${path}` } });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      handle(req, res, Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      log({ method: req.method, path: req.url, error: String(error && error.message) });
      if (!res.headersSent) json(res, 500, { type: 'error', error: { type: 'api_error', message: 'mock-llm failed' } });
      else res.destroy();
    }
  });
  req.on('error', () => res.destroy());
});

function shutdown() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('SIGHUP', shutdown);

if (process.env.MOCK_EXIT_WITH_PARENT === '1') {
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) shutdown(); }, 500).unref();
}

server.on('error', (error) => {
  process.stderr.write(`mock-llm: ${error.message}\n`);
  process.exit(1);
});

server.listen(Number(process.env.MOCK_PORT || 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const portFile = process.env.MOCK_PORT_FILE;
  if (portFile) {
    const tmp = `${portFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${port}\n`);
    fs.renameSync(tmp, portFile);
  }
});
