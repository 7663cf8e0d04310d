-- The Neovim test cases. Each runs in its own fresh Neovim on its own copy of examples/seed-pipeline
-- (driver.lua runs one; run.sh runs them all). Lines are 0-based, as vim.diagnostic reports them; the
-- oracle is the findings table of examples/seed-pipeline/README.md (1-based there).
return function(H)
  local SCRIPT = 'scripts/tabular_preprocess.py'
  local CONTRACT = 'contracts/tabular_preprocess_contract.py'

  -- README.md findings 1-4, all in scripts/tabular_preprocess.py (README lines 40, 55, 58, 59).
  local PLANTED = { '39:hardcoded-path', '54:unbridged-env-var', '57:undeclared-channel', '58:unwired-channel' }

  local cases = {}
  local function case(name, run) table.insert(cases, { name = name, run = run }) end

  case('diagnostics', function()
    H.start()
    local buf = H.open(SCRIPT)
    local diags = H.current_diagnostics(buf)
    H.equal_lists(H.summary(diags), PLANTED, 'the planted findings of ' .. SCRIPT)
    for _, d in ipairs(diags) do H.check(d.source == 'script-contracts', 'diagnostic source', d) end
    local channel = H.has(diags, 'undeclared-channel')
    H.check(channel.message:find('"metadata"', 1, true) and channel.message:find('METADATA', 1, true), 'undeclared-channel message names "metadata" and METADATA', channel.message)
    H.check(channel.severity == vim.diagnostic.severity.ERROR, 'undeclared-channel is an error', channel.severity)
    H.check(H.has(diags, 'hardcoded-path').severity == vim.diagnostic.severity.WARN, 'hardcoded-path is a warning')
  end)

  case('workspace-diagnostics', function()
    -- workspaceDiagnostics (the default): the findings of files that are not open reach Neovim too
    -- (as diagnostics of unloaded buffers), and all of them together are exactly the oracle table.
    local want = {}
    for line in H.read_file(H.path('README.md')):gmatch('[^\n]+') do
      local file, lnum, code = line:match('^| %d+ | `([^`]+)` | (%d+) | `([^`]+)` |')
      if file then table.insert(want, string.format('%s:%d:%s', file, tonumber(lnum) - 1, code)) end
    end
    H.check(#want == 22, 'the oracle table of examples/seed-pipeline/README.md has 22 rows', #want)
    H.start()
    H.open(SCRIPT)
    local function all()
      local out = {}
      for _, d in ipairs(vim.diagnostic.get()) do
        local name = vim.api.nvim_buf_get_name(d.bufnr)
        table.insert(out, string.format('%s:%d:%s', name:sub(#H.ws + 2), d.lnum, tostring(d.code)))
      end
      table.sort(out)
      return out
    end
    table.sort(want)
    H.wait('the whole workspace\'s findings in vim.diagnostic.get()', function() return vim.deep_equal(all(), want) end, nil,
      function() return { want = want, shown = all() } end)
  end)

  case('completion', function()
    H.start()
    local buf = H.open(SCRIPT)
    H.current_diagnostics(buf)
    -- Type a new line in main(): `    probe = input_paths["` (line 57, after `df = combine_shards(...)`).
    local text = '    probe = input_paths["'
    vim.api.nvim_buf_set_lines(buf, 57, 57, false, { text })
    H.current_diagnostics(buf)
    local result = H.request('textDocument/completion', {
      textDocument = { uri = H.uri(buf) },
      position = { line = 57, character = #text },
      context = { triggerKind = 2, triggerCharacter = '"' },
    }, buf)
    H.check(result, 'no completion result')
    local items = result.items or result
    local labels = {}
    for _, item in ipairs(items) do table.insert(labels, item.label) end
    for _, want in ipairs({ 'DATA', 'METADATA', 'SIGNATURE' }) do
      H.check(vim.tbl_contains(labels, want), 'completion offers ' .. want, labels)
    end
    H.check(not vim.tbl_contains(labels, 'processed_data'), 'input_paths[ does not offer the output channel processed_data', labels)
    -- What Neovim's own completion would insert for METADATA lands inside the quotes.
    local item
    for _, it in ipairs(items) do if it.label == 'METADATA' then item = it end end
    local insert = (item.textEdit and item.textEdit.newText) or item.insertText or item.label
    H.check(insert:find('METADATA', 1, true) == 1, 'METADATA inserts the bare name', item)
  end)

  case('code-action', function()
    H.start()
    local buf = H.open(SCRIPT)
    H.current_diagnostics(buf)
    local lnum = 57
    H.check(H.has(vim.diagnostic.get(buf, { lnum = lnum }), 'undeclared-channel'), 'undeclared-channel shown on line ' .. lnum)
    -- The code action context carries the diagnostic as the server published it (as Neovim's own
    -- vim.lsp.buf.code_action does from the diagnostic's LSP form).
    local target
    for _, d in ipairs(H.published[H.uri(buf)].diagnostics) do
      if d.code == 'undeclared-channel' and d.range.start.line == lnum then target = d end
    end
    H.check(target, 'the server published undeclared-channel on line ' .. lnum)
    local actions = H.request('textDocument/codeAction', {
      textDocument = { uri = H.uri(buf) },
      range = target.range,
      context = { diagnostics = { target }, only = { 'quickfix' } },
    }, buf)
    local titles, fix = {}, nil
    for _, a in ipairs(actions or {}) do
      table.insert(titles, a.title)
      if a.title:find('METADATA', 1, true) and a.edit then fix = a end
    end
    H.check(fix, 'a quick fix renaming "metadata" to METADATA', titles)
    vim.lsp.util.apply_workspace_edit(fix.edit, H.client().offset_encoding)
    H.check(H.line(buf, lnum) == '    metadata = load_metadata(input_paths.get("METADATA"))', 'line ' .. lnum .. ' after the fix', H.line(buf, lnum))
    -- The server re-checks the edited buffer: the finding is gone, the others stay.
    local after = H.current_diagnostics(buf)
    local want = vim.tbl_filter(function(s) return s ~= '57:undeclared-channel' end, PLANTED)
    H.equal_lists(H.summary(after), want, 'the findings after the fix')
  end)

  case('rename', function()
    H.start()
    local cbuf = H.open(CONTRACT)
    H.current_diagnostics(cbuf)
    -- `"DATA": "/opt/ml/processing/input/data",` on line 7 of the contract; the cursor inside DATA.
    local lnum = 7
    local col = H.line(cbuf, lnum):find('"DATA"', 1, true)
    H.check(col, 'the contract declares "DATA" on line ' .. lnum, H.line(cbuf, lnum))
    local pos = { line = lnum, character = col + 1 } -- 0-based: just after the opening quote, plus one
    local prep = H.request('textDocument/prepareRename', { textDocument = { uri = H.uri(cbuf) }, position = pos }, cbuf)
    H.check(prep, 'prepareRename accepts DATA')
    local edit = H.request('textDocument/rename', { textDocument = { uri = H.uri(cbuf) }, position = pos, newName = 'RAW_DATA' }, cbuf)
    H.check(edit, 'rename returned no edit')
    local touched = {}
    for _, c in ipairs(edit.documentChanges or {}) do if c.textDocument then touched[vim.uri_to_fname(c.textDocument.uri)] = true end end
    for uri in pairs(edit.changes or {}) do touched[vim.uri_to_fname(uri)] = true end
    H.check(touched[H.path(CONTRACT)] and touched[H.path(SCRIPT)], 'the rename edits the contract and the script', vim.tbl_keys(touched))
    vim.lsp.util.apply_workspace_edit(edit, H.client().offset_encoding)

    H.check(H.line(cbuf, lnum) == '        "RAW_DATA": "/opt/ml/processing/input/data",', 'contract line ' .. lnum .. ' after the rename', H.line(cbuf, lnum))
    local sbuf = H.bufnr(SCRIPT)
    H.check(sbuf and vim.api.nvim_buf_is_loaded(sbuf), 'apply_workspace_edit loaded the script into a buffer')
    H.check(H.line(sbuf, 56) == '    df = combine_shards(input_paths["RAW_DATA"])', 'script read (line 56) after the rename', H.line(sbuf, 56))
    H.check(H.line(sbuf, 96) == '        "RAW_DATA": "/opt/ml/processing/input/data",', 'script wiring (line 96) after the rename', H.line(sbuf, 96))
    -- Specs naming the channel are renamed too (the training spec lists DATA as a dependency).
    local spec = 'specs/preprocessing_training_spec.py'
    local spbuf = touched[H.path(spec)] and H.bufnr(spec)
    H.check(spbuf, 'the rename edits ' .. spec, vim.tbl_keys(touched))
    H.check(table.concat(H.lines(spbuf), '\n'):find('"RAW_DATA"', 1, true), spec .. ' names RAW_DATA after the rename')

    -- The loaded script was attached on FileType, so the server checks the renamed text: no finding
    -- about RAW_DATA or DATA (the wiring and the read agree with the contract again).
    H.wait('the script to be attached', function() return vim.lsp.buf_is_attached(sbuf, H.client_id) end)
    local sdiags = H.current_diagnostics(sbuf)
    H.equal_lists(H.summary(sdiags), PLANTED, 'the script findings after the rename')

    -- Saved, every edited file holds the new name on disk, and nothing else changed in them.
    vim.cmd('silent wall')
    for file in pairs(touched) do
      local disk = H.read_file(file)
      H.check(disk and disk:find('RAW_DATA', 1, true), file .. ' holds RAW_DATA on disk after :wall')
      H.check(not disk:find('"DATA"', 1, true), file .. ' has no "DATA" left on disk after :wall')
    end
  end)

  case('disk-edit', function()
    -- The contract is changed on disk, outside Neovim, while the script is open: the server must pick
    -- it up. Neovim 0.7 cannot register file watchers (no workspace.didChangeWatchedFiles capability),
    -- so the server watches the workspace itself (server/src/host/watch.ts). Renaming METADATA to
    -- metadata in the contract makes the script's `input_paths.get("metadata")` valid: the
    -- undeclared-channel finding must go, with no edit in Neovim to prompt a re-check.
    H.start()
    local buf = H.open(SCRIPT)
    H.current_diagnostics(buf)
    local file = H.path(CONTRACT)
    local text = H.read_file(file)
    local changed = text:gsub('"METADATA"', '"metadata"')
    H.check(changed ~= text, 'the contract names "METADATA"')
    H.write_file(file, changed)
    local diags = H.current_diagnostics(buf, function(d) return not H.has(d, 'undeclared-channel') end,
      'undeclared-channel "metadata" to go after the contract was changed on disk', 10000)
    H.check(not H.has(diags, 'undeclared-channel'), 'no undeclared-channel after the disk edit')
  end)

  case('code-lens', function()
    -- A contract's lens names its script; vim.lsp.codelens.run() runs its command through the server
    -- (workspace/executeCommand: Neovim refuses a command the server does not list), which answers the
    -- script's location. Neovim 0.7 has no window/showDocument, so nothing opens: the answer is all.
    H.start()
    local buf = H.open(CONTRACT)
    H.current_diagnostics(buf)
    vim.lsp.codelens.refresh()
    H.wait('the code lenses', function() return #(vim.lsp.codelens.get(buf) or {}) > 0 end)
    local lens = vim.lsp.codelens.get(buf)[1]
    H.check(lens.command and lens.command.title:find('script: tabular_preprocess.py', 1, true), 'the contract lens names its script', lens)
    local notes, notify = {}, vim.notify
    vim.notify = function(msg, ...)
      table.insert(notes, msg)
      return notify(msg, ...)
    end
    local answered
    local handler = vim.lsp.handlers['workspace/executeCommand']
    vim.lsp.handlers['workspace/executeCommand'] = function(err, result, ctx, config)
      answered = { err = err, result = result }
      if handler then return handler(err, result, ctx, config) end
    end
    vim.api.nvim_win_set_cursor(0, { lens.range.start.line + 1, 0 })
    vim.lsp.codelens.run()
    H.wait('the server to answer the lens command', function() return answered ~= nil end, nil, function() return notes end)
    vim.notify = notify
    H.check(answered.err == nil, 'the server ran the lens command', answered.err)
    H.check(answered.result and answered.result[1] and answered.result[1].uri == vim.uri_from_fname(H.path(SCRIPT)), 'it answers the script location', answered.result)
  end)

  case('settings', function()
    -- Neovim 0.7 declares no workspace/configuration: settings reach the server as init_options, or pushed
    -- with workspace/didChangeConfiguration (what nvim-lspconfig sends from on_init). A push applies at once.
    H.start()
    local buf = H.open(SCRIPT)
    H.current_diagnostics(buf)
    local function closed()
      local n = 0
      for _, d in ipairs(vim.diagnostic.get()) do if d.bufnr ~= buf then n = n + 1 end end
      return n
    end
    H.wait('findings of closed files', function() return closed() > 0 end)
    H.client().notify('workspace/didChangeConfiguration', { settings = { scriptContracts = { workspaceDiagnostics = false } } })
    H.wait('closed files cleared after workspaceDiagnostics = false', function() return closed() == 0 end, nil, closed)
    H.check(#vim.diagnostic.get(buf) > 0, 'the open script keeps its findings', H.summary(vim.diagnostic.get(buf)))
  end)

  case('shutdown', function()
    -- :qa ends Neovim, whose exit handler sends shutdown and exit; run.sh then checks that the server
    -- process is gone and that it exited by itself with code 0 (it had received shutdown), as
    -- recorded by on_exit in $SC_SERVER_EXIT.
    H.start()
    local buf = H.open(SCRIPT)
    H.current_diagnostics(buf)
    H.write_file(os.getenv('SC_RESULT'), 'pass\n')
    vim.cmd('qa')
  end)

  case('config-error', function()
    -- An invalid setting in pyproject.toml (`fix-style = 42`). The server should still check the
    -- files and report the error without blocking the editor: a config-error diagnostic on
    -- pyproject.toml (or a window/showMessage notification). A window/showMessageRequest would make
    -- Neovim 0.7 prompt with inputlist(), which blocks a headless Neovim.
    local file = H.path('pyproject.toml')
    local text = H.read_file(file)
    local changed = text:gsub('fix%-style = "dict"', 'fix-style = 42')
    H.check(changed ~= text, 'pyproject.toml sets fix-style')
    H.write_file(file, changed)
    H.start()
    local buf = H.open(SCRIPT)
    local diags = H.current_diagnostics(buf)
    H.check(#diags > 0, 'the script is still checked with an invalid setting', H.summary(diags))
    H.check(#H.message_requests == 0, 'no window/showMessageRequest (it blocks a headless Neovim 0.7)', H.message_requests)
    local puri = vim.uri_from_fname(file)
    H.wait('a config-error diagnostic on pyproject.toml', function()
      local p = H.published[puri]
      for _, d in ipairs(p and p.diagnostics or {}) do if d.code == 'config-error' then return true end end
      return false
    end, nil, function() return H.published[puri] end)
  end)

  return cases
end
