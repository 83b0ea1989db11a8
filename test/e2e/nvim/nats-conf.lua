-- NATS server configs in Neovim 0.7+ with the built-in LSP client (no plugins, no lspconfig).
-- Put this in init.lua (or :luafile it). Needs Node 20+ and a built checkout of vscode-nats-conf
-- (`npm ci && npm run build`); point `server_js` (or vim.g.nats_conf_server) at its server.
local server_js = vim.g.nats_conf_server
  or vim.fn.expand('~/src/vscode-nats-conf/server/out/server.js')

-- The names VS Code opens as NATS Server Config. Other .conf files keep their filetype;
-- `:set filetype=natsconf` switches one by hand.
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = { 'nats.conf', 'nats-server.conf', '*.nats.conf', 'nats-*.conf' },
  command = 'set filetype=natsconf',
})

-- One server for all NATS configs; restarted if it was stopped.
local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'natsconf',
  callback = function(args)
    if not client_id or vim.lsp.client_is_stopped(client_id) then
      client_id = vim.lsp.start_client({
        name = 'nats-conf',
        -- The flags the VS Code extension starts the server with (server/src/serverProcess.ts).
        cmd = { 'node', '--max-old-space-size=1024', '--max-semi-space-size=64', '--expose-gc', server_js, '--stdio' },
        root_dir = vim.loop.cwd(),
        get_language_id = function() return 'nats-conf' end,
        -- The natsConf.* settings of the README, e.g. serverVersion = '2.10'.
        settings = { natsConf = { serverVersion = 'latest' } },
      })
    end
    if not client_id then return end
    vim.lsp.buf_attach_client(args.buf, client_id)
    vim.bo[args.buf].commentstring = '# %s'
    vim.bo[args.buf].omnifunc = 'v:lua.vim.lsp.omnifunc' -- completion: <C-x><C-o>
    local function map(lhs, fn) vim.keymap.set('n', lhs, fn, { buffer = args.buf }) end
    map('K', vim.lsp.buf.hover)                  -- explain the key or cipher under the cursor
    map('gd', vim.lsp.buf.definition)            -- $VARIABLE definitions, include targets
    map('<leader>ca', vim.lsp.buf.code_action)   -- quick fixes
    map(']d', vim.diagnostic.goto_next)
    map('[d', vim.diagnostic.goto_prev)
  end,
})
