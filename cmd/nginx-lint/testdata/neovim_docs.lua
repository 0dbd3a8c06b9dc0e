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
-- K, as a user presses it: the hover opens in a floating window.
local win = vim.api.nvim_get_current_win()
vim.cmd('normal K')
local float
vim.wait(10000, function()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then float = w return true end
  end
  return false
end, 50)
if not float then fail('K opened no hover window') end
local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false)
io.stdout:write('HOVER ' .. table.concat(lines, '\n') .. '\n')
vim.api.nvim_set_current_win(win)
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0) }
res = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000)
for _, r in pairs(res or {}) do
  for _, a in ipairs(r.result or {}) do
    io.stdout:write('ACTION ' .. tostring(a.kind) .. ' ' .. a.title .. '\n')
  end
end
vim.cmd('qa!')
