-- The Neovim test driver: runs ONE case of cases.lua in this (fresh, headless) Neovim against the
-- real language server, through Neovim's own LSP client (vim.lsp.start_client, buf_attach_client,
-- vim.lsp.util.apply_workspace_edit, vim.diagnostic), and writes its outcome to $SC_RESULT.
-- Started by test/neovim/run.sh as
--   nvim --headless -u NONE -i NONE --noplugin -c 'luafile test/neovim/driver.lua'
-- (Neovim 0.7 has no `-l`). Written for the 0.7 API (Debian bookworm's neovim 0.7.2).
-- Environment: SC_CASE (a case name, or `list`), SC_WS (the workspace copy), SC_SERVER (dist/server.js),
-- SC_NODE (node), SC_RESULT (outcome file), SC_SERVER_EXIT (where on_exit records the server's exit),
-- SC_LSP_LOG (log level for Neovim's lsp.log: warn unless set).
local H = {}

local env = function(name)
  local v = os.getenv(name)
  if v == nil or v == '' then error('missing environment variable ' .. name) end
  return v
end

local function write_file(path, text)
  local f = assert(io.open(path, 'w'))
  f:write(text)
  f:close()
end

local function read_file(path)
  local f = io.open(path, 'r')
  if not f then return nil end
  local text = f:read('*a')
  f:close()
  return text
end
H.read_file, H.write_file = read_file, write_file

H.ws = os.getenv('SC_WS')
H.TIMEOUT = 15000 -- ms for any single wait; the runner kills the whole Neovim after its own outer timeout

--- The path of a workspace file.
function H.path(rel) return H.ws .. '/' .. rel end

--- Fails the case with a message (and what was seen, if given).
function H.fail(msg, seen)
  if seen ~= nil then msg = msg .. '\nseen: ' .. (type(seen) == 'string' and seen or vim.inspect(seen)) end
  error({ sc_fail = msg }, 2)
end

function H.check(cond, msg, seen)
  if not cond then H.fail(msg, seen) end
end

--- vim.wait for `pred`, failing with `what` when the deadline passes (no fixed sleeps anywhere).
function H.wait(what, pred, timeout, seen)
  local ok = vim.wait(timeout or H.TIMEOUT, pred, 20)
  if not ok then H.fail('timed out waiting for ' .. what, seen and seen() or nil) end
end

-- ---------------------------------------------------------------- the client

-- What the server sent that the tests look at: publishDiagnostics (with versions), status notifications,
-- window/showMessage(Request) texts.
H.published = {} -- uri -> { version = n|nil, count = n, diagnostics = {...} }
H.statuses = {}
H.messages = {}
H.message_requests = {}

local function record_publish(err, result, ctx, config)
  if result and result.uri then
    local prev = H.published[result.uri]
    H.published[result.uri] = { version = result.version, count = (prev and prev.count or 0) + 1, diagnostics = result.diagnostics }
  end
  return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
end

local function record_show_message(err, result, ctx, config)
  table.insert(H.messages, result and result.message)
  return vim.lsp.handlers['window/showMessage'](err, result, ctx, config)
end

--- Appends a line to $SC_NOTES, which run.sh prints when a case fails (also when Neovim had to be killed).
function H.note(text)
  local file = os.getenv('SC_NOTES')
  if not file then return end
  local f = io.open(file, 'a')
  if f then f:write(text, '\n'); f:close() end
end

local function record_show_message_request(err, result, ctx, config)
  -- Recorded, then handed to Neovim's own handler (vim.fn.inputlist), as a user's Neovim would.
  table.insert(H.message_requests, result and result.message)
  H.note('window/showMessageRequest received (Neovim 0.7 answers it with inputlist()): ' .. vim.inspect(result and result.message))
  return vim.lsp.handlers['window/showMessageRequest'](err, result, ctx, config)
end

--- Starts the server the way docs/editors.md tells a Neovim 0.7 user to, and attaches python and
--- yaml buffers on FileType, as an lspconfig-style setup does. Returns the client id.
function H.start(opts)
  opts = opts or {}
  vim.cmd('filetype on')
  local exit_file = os.getenv('SC_SERVER_EXIT')
  local id = vim.lsp.start_client({
    name = 'script-contracts',
    cmd = { env('SC_NODE'), env('SC_SERVER'), 'server', '--stdio' },
    root_dir = H.ws,
    init_options = opts.init_options or { enable = true, workspaceDiagnostics = true },
    handlers = {
      ['textDocument/publishDiagnostics'] = record_publish,
      ['window/showMessage'] = record_show_message,
      ['window/showMessageRequest'] = record_show_message_request,
      ['scriptContracts/status'] = function(_, result) table.insert(H.statuses, result) end,
    },
    -- Generous, so that a loaded machine does not turn a clean exit into Neovim's SIGTERM; :qa waits
    -- only until the server has exited (vim.lsp._vim_exit_handler), not the whole timeout.
    flags = { exit_timeout = 10000 },
    on_exit = function(code, signal)
      -- Called from libuv, also while :qa waits for the server: plain Lua io only.
      if exit_file then
        local f = io.open(exit_file, 'w')
        if f then f:write(string.format('%d %d\n', code, signal)); f:close() end
      end
    end,
  })
  H.check(id, 'vim.lsp.start_client returned nil')
  H.client_id = id
  vim.api.nvim_create_autocmd('FileType', {
    pattern = { 'python', 'yaml' },
    callback = function(args) vim.lsp.buf_attach_client(args.buf, id) end,
  })
  H.wait('the server to initialize', function()
    local c = vim.lsp.get_client_by_id(id)
    return c and c.initialized
  end)
  local pid_file = os.getenv('SC_SERVER_PID')
  if pid_file then write_file(pid_file, tostring(H.client().rpc.pid) .. '\n') end
  return id
end

function H.client() return vim.lsp.get_client_by_id(H.client_id) end

--- Opens a workspace file in the current window; returns its buffer (attached through FileType).
function H.open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(H.path(rel)))
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype == 'python' or vim.bo[buf].filetype == 'yaml' then
    H.wait('buffer ' .. rel .. ' to be attached', function() return vim.lsp.buf_is_attached(buf, H.client_id) end)
  end
  return buf
end

function H.uri(buf) return vim.uri_from_bufnr(buf) end

--- The version Neovim sent for a buffer (didOpen / didChange), i.e. what a current publication carries.
function H.version(buf) return vim.lsp.util.buf_versions[buf] end

--- Waits until the server has published diagnostics for the buffer's current text, then returns
--- vim.diagnostic.get(buf) (what a user sees).
function H.current_diagnostics(buf, pred, what, timeout)
  H.wait(what or ('diagnostics of version ' .. tostring(H.version(buf)) .. ' of ' .. vim.api.nvim_buf_get_name(buf)), function()
    local p = H.published[H.uri(buf)]
    if not (p and p.version ~= nil and p.version == H.version(buf)) then return false end
    return pred == nil or pred(vim.diagnostic.get(buf))
  end, timeout, function()
    local p = H.published[H.uri(buf)]
    return { buffer_version = H.version(buf), published_version = p and p.version, publications = p and p.count or 0, shown = H.summary(vim.diagnostic.get(buf)) }
  end)
  return vim.diagnostic.get(buf)
end

--- Diagnostics as sorted "line:code" strings (0-based lines), for comparisons and messages.
function H.summary(diags)
  local out = {}
  for _, d in ipairs(diags) do table.insert(out, string.format('%d:%s', d.lnum, tostring(d.code))) end
  table.sort(out)
  return out
end

function H.equal_lists(got, want, msg)
  local a, b = vim.deepcopy(got), vim.deepcopy(want)
  table.sort(a); table.sort(b)
  H.check(vim.deep_equal(a, b), msg .. '\nwant: ' .. vim.inspect(b), a)
end

function H.has(diags, code)
  for _, d in ipairs(diags) do if d.code == code then return d end end
  return nil
end

--- A request through the client, synchronously (client.request_sync waits with vim.wait).
function H.request(method, params, buf)
  local resp, err = H.client().request_sync(method, params, H.TIMEOUT, buf)
  H.check(resp, method .. ' got no answer: ' .. tostring(err))
  H.check(resp.err == nil, method .. ' failed', resp.err)
  return resp.result
end

function H.lines(buf) return vim.api.nvim_buf_get_lines(buf, 0, -1, false) end
function H.line(buf, lnum) return vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1] end

--- The buffer of a workspace file if Neovim has one (loaded or not).
function H.bufnr(rel)
  local b = vim.fn.bufnr(H.path(rel))
  return b ~= -1 and b or nil
end

-- ---------------------------------------------------------------- run one case

local function run()
  local cases = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/cases.lua')(H)
  local name = env('SC_CASE')
  local result_file = env('SC_RESULT')
  if name == 'list' then
    local names = {}
    for _, c in ipairs(cases) do table.insert(names, c.name) end
    write_file(result_file, table.concat(names, '\n') .. '\n')
    vim.cmd('qa!')
    return
  end
  local case
  for _, c in ipairs(cases) do if c.name == name then case = c end end
  if not case then
    write_file(result_file, 'fail unknown case ' .. name .. '\n')
    vim.cmd('cquit 2')
    return
  end
  vim.lsp.set_log_level(os.getenv('SC_LSP_LOG') or 'warn')
  local ok, err = xpcall(case.run, function(e)
    if type(e) == 'table' and e.sc_fail then return e.sc_fail end
    return debug.traceback(tostring(e), 2)
  end)
  if ok then
    write_file(result_file, 'pass\n')
  else
    write_file(result_file, 'fail ' .. tostring(err) .. '\n')
  end
  -- A case that ends Neovim itself (the shutdown case) does so inside run; the others leave with
  -- :qa!, which shuts the server down too (the runner kills a server left behind).
  vim.cmd('qa!')
end

run()
