-- End-to-end test: Neovim's built-in LSP client (0.7+) against the nats-conf language server.
--
--   nvim --headless -u NONE -i NONE -n -c "luafile test/e2e/nvim/lsp_test.lua"
--
-- (test/e2e/nvim/run.sh does this with a throw-away HOME and XDG folders and a hard timeout.)
-- It loads nats-conf.lua, the setup the README recommends, opens fixture/nats.conf (a copy)
-- and drives diagnostics, hover (K), completion and a quick fix the way a user would.
-- Exit status 0 when every check passed, 1 otherwise; every wait has a deadline.
--
-- Environment (all optional):
--   NATS_CONF_LSP_SERVER   server script to run (default: <repo>/server/out/server.js)
--   NATS_CONF_E2E_DIR      scratch folder for the fixture copy (default: a Neovim temp name)
--   NATS_CONF_E2E_WAIT_MS  deadline of each wait in milliseconds (default: 10000)

local t0 = vim.loop.hrtime()
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local root = vim.fn.fnamemodify(here, ':h:h:h')
local server_js = os.getenv('NATS_CONF_LSP_SERVER') or (root .. '/server/out/server.js')
local scratch = os.getenv('NATS_CONF_E2E_DIR') or vim.fn.tempname()
local WAIT_MS = tonumber(os.getenv('NATS_CONF_E2E_WAIT_MS') or '') or 10000
local POLL_MS = 20

local function say(msg) io.stdout:write(msg .. '\n') end
local function elapsed_ms() return (vim.loop.hrtime() - t0) / 1e6 end

local passed, failed = 0, 0
local function finish()
  say(string.format('nvim e2e: %d passed, %d failed in %.0f ms (%s)', passed, failed, elapsed_ms(), vim.fn.split(vim.fn.execute('version'), '\n')[1]))
  pcall(function()
    for _, client in pairs(vim.lsp.get_active_clients()) do client.stop(true) end
  end)
  vim.cmd(failed == 0 and passed > 0 and 'qall!' or 'cquit 1')
end

local function check(name, fn)
  local t = vim.loop.hrtime()
  local ok, err = pcall(fn)
  local ms = (vim.loop.hrtime() - t) / 1e6
  if ok then
    passed = passed + 1
    say(string.format('  ok    %-52s %6.0f ms', name, ms))
    if type(err) == 'string' then say('        ' .. err) end -- a note returned by the check
  else
    failed = failed + 1
    say(string.format('  FAIL  %-52s %6.0f ms\n        %s', name, ms, tostring(err)))
  end
  return ok
end

-- Harness state shared by the checks.
local server_exit -- set when the server process ends: {code, signal}
local bufnr, uri, client

--- Waits until cond() is truthy or the server died; errors with `what` on timeout.
local function wait_for(what, cond)
  local ok = vim.wait(WAIT_MS, function() return server_exit ~= nil or cond() end, POLL_MS)
  if server_exit then
    error(string.format('server exited (code %s, signal %s) while waiting for %s', server_exit[1], server_exit[2], what), 0)
  end
  if not ok then error(string.format('no %s within %d ms', what, WAIT_MS), 0) end
end

--- 0-based number of the first buffer line matching a Lua pattern.
local function line_of(pattern, after)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i = (after or 0) + 1, #lines do
    if lines[i]:find(pattern) then return i - 1, lines[i] end
  end
  error('fixture has no line matching ' .. pattern, 0)
end

--- The diagnostics of the buffer by code (the last one wins; codes are unique in the fixture).
local function diagnostics_by_code()
  local by_code = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do by_code[d.code or '?'] = d end
  return by_code
end

local function codes_text()
  local list = {}
  for code in pairs(diagnostics_by_code()) do table.insert(list, code) end
  table.sort(list)
  return '[' .. table.concat(list, ', ') .. ']'
end

--- A request through the attached client; returns the result of our server.
local function request(method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, WAIT_MS)
  assert(responses, method .. ' failed: ' .. tostring(err))
  local response = responses[client.id]
  assert(response, method .. ': no response from the nats-conf client')
  assert(not response.err, method .. ' error: ' .. vim.inspect(response.err))
  return response.result
end

local function completion_labels(line, character)
  local result = request('textDocument/completion', { textDocument = { uri = uri }, position = { line = line, character = character } })
  assert(result, 'no completion result')
  local labels = {}
  for _, item in ipairs(result.items or result) do labels[item.label] = item end
  return labels
end

--- Lines without trailing blanks, for comparing the README snippet with nats-conf.lua.
local function trimmed_lines(path)
  if vim.fn.filereadable(path) == 0 then return {} end
  return vim.tbl_map(function(line) return (line:gsub('%s+$', '')) end, vim.fn.readfile(path))
end

local function contains_lines(haystack, needle)
  for start = 1, #haystack - #needle + 1 do
    local all = true
    for i = 1, #needle do
      if haystack[start + i - 1] ~= needle[i] then all = false; break end
    end
    if all then return true end
  end
  return false
end

local function main()
  check('README snippet is nats-conf.lua', function()
    local snippet = trimmed_lines(here .. '/nats-conf.lua')
    assert(#snippet > 10, 'nats-conf.lua is missing or short')
    for _, readme in ipairs({ root .. '/README.md', here .. '/README.md' }) do
      if contains_lines(trimmed_lines(readme), snippet) then return readme:sub(#root + 2) .. ' has it' end
    end
    error('neither README.md nor test/e2e/nvim/README.md contains nats-conf.lua line for line', 0)
  end)

  assert(vim.fn.filereadable(server_js) == 1, 'server not found: ' .. server_js .. ' (run npm run build)')
  assert(vim.fn.executable('node') == 1, 'node is not on the PATH')

  -- Spy on start_client so the harness learns when the server dies (and fails fast).
  local start_client = vim.lsp.start_client
  vim.lsp.start_client = function(config)
    local on_exit = config.on_exit
    config.on_exit = function(code, signal, id)
      if code ~= 0 or signal ~= 0 then server_exit = { code, signal } end
      if on_exit then on_exit(code, signal, id) end
    end
    return start_client(config)
  end

  -- The recommended setup, exactly as a user would load it.
  vim.g.nats_conf_server = server_js
  dofile(here .. '/nats-conf.lua')

  vim.fn.mkdir(scratch, 'p')
  local file = scratch .. '/nats.conf'
  assert(vim.fn.writefile(vim.fn.readfile(here .. '/fixture/nats.conf'), file) == 0, 'cannot write ' .. file)
  vim.cmd('cd ' .. vim.fn.fnameescape(scratch))
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  bufnr = vim.api.nvim_get_current_buf()
  uri = vim.uri_from_bufnr(bufnr)

  local attached = check('filetype natsconf, server attached', function()
    assert(vim.bo[bufnr].filetype == 'natsconf', "filetype is '" .. vim.bo[bufnr].filetype .. "', not natsconf")
    wait_for('initialized nats-conf client', function()
      local clients = vim.lsp.buf_get_clients(bufnr)
      for _, c in pairs(clients) do
        if c.name == 'nats-conf' and c.initialized then client = c; return true end
      end
      return false
    end)
    local caps = client.server_capabilities
    assert(caps.hoverProvider and caps.completionProvider and caps.codeActionProvider, 'capabilities missing: ' .. vim.inspect(caps))
  end)
  if not attached then return end

  local have_diagnostics = check('diagnostics: tls-missing-key-file, tls-timeout-too-low', function()
    wait_for('diagnostics tls-missing-key-file and tls-timeout-too-low (got ' .. codes_text() .. ')', function()
      local by_code = diagnostics_by_code()
      return by_code['tls-missing-key-file'] and by_code['tls-timeout-too-low']
    end)
    local by_code = diagnostics_by_code()
    local key = by_code['tls-missing-key-file']
    local tls_line = line_of('^tls {')
    assert(key.lnum == tls_line and key.col == 0 and key.end_col == 3,
      string.format('tls-missing-key-file at %d:%d-%d, expected the `tls` key on line %d', key.lnum, key.col, key.end_col, tls_line))
    assert(key.severity == vim.diagnostic.severity.ERROR, 'tls-missing-key-file is not an error')
    assert(key.source == 'nats-conf' and key.message:find('key_file', 1, true), 'unexpected: ' .. vim.inspect(key))
    local low = by_code['tls-timeout-too-low']
    local timeout_line, text = line_of('^%s*timeout:')
    local value_col = text:find('0.0001', 1, true) - 1
    assert(low.lnum == timeout_line and low.col == value_col and low.end_col == value_col + #'0.0001',
      string.format('tls-timeout-too-low at %d:%d-%d, expected %d:%d', low.lnum, low.col, low.end_col, timeout_line, value_col))
    assert(low.severity == vim.diagnostic.severity.WARN, 'tls-timeout-too-low is not a warning')
  end)

  check('hover (K) on timeout: markdown, default 2 s', function()
    local line, text = line_of('^%s*timeout:')
    local col = text:find('timeout', 1, true) -- 1-based, so the cursor sits on the 'i'
    local markdown = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = line, character = col } })
    assert(markdown and type(markdown.contents) == 'table' and markdown.contents.kind == 'markdown', 'no markdown hover: ' .. vim.inspect(markdown))
    local value = markdown.contents.value
    assert(value:find('**timeout**', 1, true) and value:find('Default:%*%* 2 seconds'),
      'hover does not give the 2-second default: ' .. value)
    -- The same through the UI: K opens a floating window with the text.
    vim.api.nvim_win_set_cursor(0, { line + 1, col })
    vim.lsp.buf.hover()
    local float
    wait_for('hover window', function()
      for _, win in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(win).relative ~= '' then float = win; return true end
      end
      return false
    end)
    local shown = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false), '\n')
    assert(shown:find('timeout', 1, true) and shown:find('Default:.-2 seconds'), 'hover window shows: ' .. shown)
    vim.api.nvim_win_close(float, true)
  end)

  check('completion in tls { }: key_file offered', function()
    local line = line_of('^%s*$', line_of('^%s*timeout:'))
    local labels = completion_labels(line, 0)
    assert(labels.key_file, 'key_file not offered; got ' .. table.concat(vim.tbl_keys(labels), ', '))
    assert(labels.verify and labels.ca_file, 'verify/ca_file not offered')
    assert(not labels.cert_file and not labels.timeout, 'keys already in the block are offered again')
    assert(not labels.jetstream, 'top-level key offered inside tls { }')
  end)

  check('completion in cipher_suites: [ " ]: cipher names', function()
    local line, text = line_of('^%s*"TLS_')
    local labels = completion_labels(line, text:find('"', 1, true))
    local ciphers = vim.tbl_filter(function(label) return label:match('^TLS_') end, vim.tbl_keys(labels))
    assert(#ciphers >= 5, 'expected cipher suites, got ' .. table.concat(vim.tbl_keys(labels), ', '))
    assert(labels.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 not offered')
  end)

  check('quick fix: preferred action sets timeout: 2', function()
    assert(have_diagnostics, 'needs the diagnostics of the earlier check')
    local line, text = line_of('^%s*timeout:')
    vim.api.nvim_win_set_cursor(0, { line + 1, text:find('0.0001', 1, true) - 1 })
    -- The user's pick in the code-action menu: the preferred quick fix.
    local offered, chosen
    local select = vim.ui.select
    vim.ui.select = function(items, opts, on_choice)
      offered = vim.tbl_map(function(item) return opts.format_item(item) end, items)
      for _, item in ipairs(items) do
        if item[2].isPreferred and item[2].kind == 'quickfix' then chosen = item[2]; break end
      end
      on_choice(chosen and vim.tbl_filter(function(item) return item[2] == chosen end, items)[1] or nil)
    end
    local ok, err = pcall(function()
      vim.lsp.buf.code_action()
      wait_for('code action menu', function() return offered ~= nil end)
    end)
    vim.ui.select = select
    assert(ok, err)
    assert(chosen, 'no preferred quick fix among: ' .. table.concat(offered, ' | '))
    assert(chosen.title:find('2', 1, true), 'preferred fix: ' .. chosen.title)
    local fixed = vim.api.nvim_buf_get_lines(bufnr, line, line + 1, false)[1]
    assert(fixed:match('^%s*timeout: 2%s*$'), 'line after the fix: ' .. fixed)
    -- The server republishes: the warning goes, the other finding stays.
    wait_for('republished diagnostics without tls-timeout-too-low (got ' .. codes_text() .. ')', function()
      local by_code = diagnostics_by_code()
      return by_code['tls-timeout-too-low'] == nil and by_code['tls-missing-key-file'] ~= nil
    end)
    return string.format('applied "%s"; %s -> %s', chosen.title, text:match('^%s*(.-)%s*$'), fixed:match('^%s*(.-)%s*$'))
  end)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  failed = failed + 1
  say('  FAIL  harness: ' .. tostring(err))
end
finish()
