-- Run after an init.lua taken from docs/editors.md has started nginx-lint
-- for the nginx buffer Neovim opened: print the client's root, the
-- diagnostics, the hover at the proxy_pass host and the code actions there.
-- Any failure exits Neovim with status 1 and a line saying why.
local function fail(msg)
  io.stdout:write('FAIL ' .. msg .. '\n')
  vim.cmd('cquit 1')
end
io.stdout:write('FILETYPE ' .. vim.bo.filetype .. '\n')
local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
if not ok then fail('no diagnostic') end
for _, c in ipairs(vim.lsp.get_active_clients()) do
  io.stdout:write('CLIENT ' .. c.name .. ' ' .. tostring(c.config.root_dir) .. '\n')
end
for _, d in ipairs(vim.diagnostic.get(0)) do
  io.stdout:write(string.format('DIAG %d:%d-%d:%d %s %s\n', d.lnum, d.col, d.end_lnum, d.end_col, d.code, d.source))
end
-- The cursor on the first diagnostic.
local first = vim.diagnostic.get(0)[1]
vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
local res = vim.lsp.buf_request_sync(0, 'textDocument/hover', vim.lsp.util.make_position_params(), 10000)
for _, r in pairs(res or {}) do
  local value = r.result and r.result.contents and r.result.contents.value or ''
  io.stdout:write('HOVER ' .. (vim.split(value, '\n')[1] or '') .. '\n')
end
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0) }
res = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000)
for _, r in pairs(res or {}) do
  for _, a in ipairs(r.result or {}) do
    io.stdout:write('ACTION ' .. tostring(a.kind) .. ' ' .. a.title .. '\n')
  end
end
vim.cmd('qa!')
