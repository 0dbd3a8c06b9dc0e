-- Drives Neovim's built-in LSP client against `nginx-lint lsp`: open the
-- configuration $CONF, wait for the localhost-upstream diagnostic, print
-- its range, print the related place of the duplicate-directive diagnostic
-- and the references of $port, apply the quick fix that writes 127.0.0.1
-- and save the file. Any failure exits Neovim with status 1 and a line
-- saying why.
local conf, bin = os.getenv('CONF'), os.getenv('NGINX_LINT')
local function fail(msg)
  io.stdout:write('FAIL ' .. msg .. '\n')
  vim.cmd('cquit 1')
end
vim.cmd('edit ' .. vim.fn.fnameescape(conf))
local id = vim.lsp.start_client({
  name = 'nginx-lint',
  cmd = { bin, 'lsp' },
  root_dir = vim.fn.fnamemodify(conf, ':h'),
})
if not id then fail('the server did not start') end
vim.lsp.buf_attach_client(0, id)
local diag
local ok = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == 'localhost-upstream' then diag = d return true end
  end
  return false
end, 50)
if not ok then fail('no localhost-upstream diagnostic') end
io.stdout:write(string.format('DIAG %d:%d-%d:%d %s %s\n', diag.lnum, diag.col, diag.end_lnum, diag.end_col,
  diag.code, diag.source))
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  for _, ri in ipairs(lsp.relatedInformation or {}) do
    io.stdout:write(string.format('RELATED %s %d:%d %s %s\n', d.code, ri.location.range.start.line,
      ri.location.range.start.character, vim.fn.fnamemodify(vim.uri_to_fname(ri.location.uri), ':t'), ri.message))
  end
end
local refs = vim.lsp.buf_request_sync(0, 'textDocument/references', {
  textDocument = vim.lsp.util.make_text_document_params(0),
  position = { line = 6, character = 28 },
  context = { includeDeclaration = true },
}, 10000)
for _, r in pairs(refs or {}) do
  if r.err then fail('references: ' .. vim.inspect(r.err)) end
  for _, loc in ipairs(r.result or {}) do
    io.stdout:write(string.format('REF %d:%d-%d\n', loc.range.start.line, loc.range.start.character, loc.range['end'].character))
  end
end
local range = {
  start = { line = diag.lnum, character = diag.col },
  ['end'] = { line = diag.end_lnum, character = diag.end_col },
}
local params = {
  textDocument = vim.lsp.util.make_text_document_params(0),
  range = range,
  context = { diagnostics = { { range = range, message = diag.message, code = diag.code, source = diag.source } } },
}
local res = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000)
local applied = false
for _, r in pairs(res or {}) do
  if r.err then fail('codeAction: ' .. vim.inspect(r.err)) end
  for _, a in ipairs(r.result or {}) do
    if not applied and a.kind == 'quickfix' and a.title:find('127.0.0.1', 1, true) then
      io.stdout:write('ACTION ' .. a.title .. '\n')
      vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
      applied = true
    end
  end
end
if not applied then fail('no quick fix offered') end
vim.cmd('write')
vim.lsp.stop_client(id)
vim.cmd('qall!')
