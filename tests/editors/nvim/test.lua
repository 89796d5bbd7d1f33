-- End-to-end test of editors/nvim against the real `ecrgen lsp`, in headless Neovim:
--   nvim --headless --clean -l test.lua <repo root> <ecrgen binary>
-- Prints one line per test, then "N passed, N failed"; exits 1 when a test failed.
local root, bin = arg[1], arg[2]
assert(root and bin, 'usage: nvim --headless --clean -l test.lua <repo root> <ecrgen binary>')

local TIMEOUT = tonumber(vim.env.ECRGEN_NVIM_TIMEOUT_MS or '') or 10000

vim.opt.runtimepath:prepend(root .. '/editors/nvim')
-- ftdetect/ files are sourced when filetype detection starts; a plugin manager does this for a
-- plugin added later, so do the same.
vim.cmd('runtime! ftdetect/ecrgen.lua')

local tmp = vim.fn.tempname()
vim.fn.mkdir(tmp .. '/.git', 'p') -- the root marker

-- Messages the plugin shows, kept for assertions instead of cluttering the output.
local notified = {}
vim.notify = function(msg, level)
  notified[#notified + 1] = { msg = msg, level = level }
end

local passed, failed = 0, 0
local function test(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    io.stdout:write('ok   ' .. name .. '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL ' .. name .. ': ' .. tostring(err):gsub('\n', '\n     ') .. '\n')
  end
  io.stdout:flush()
end

local function eq(actual, expected, what)
  if not vim.deep_equal(actual, expected) then
    error(('%s:\n  expected %s\n  got      %s'):format(what, vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

local function wait_for(what, cond)
  if not vim.wait(TIMEOUT, cond, 20) then
    error('timed out after ' .. TIMEOUT .. ' ms waiting for ' .. what, 2)
  end
end

--- Writes a spec into the temp project and opens it in the current window. A folder of specs
--- is one spec (its files are merged), so each file gets a folder of its own.
local function open_spec(name, text)
  local dir = tmp .. '/' .. name:gsub('%.ecr%.hcl$', '')
  vim.fn.mkdir(dir, 'p')
  local path = dir .. '/' .. name
  local f = assert(io.open(path, 'w'))
  f:write(text)
  f:close()
  vim.cmd.edit(vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function attached(bufnr)
  wait_for('an ecrgen client on ' .. vim.api.nvim_buf_get_name(bufnr), function()
    return #require('ecrgen').clients(bufnr) > 0
  end)
  return require('ecrgen').clients(bufnr)[1]
end

--- A request to the ecrgen client of bufnr; returns the result, fails on an error or timeout.
local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  assert(responses, ('%s: no response (%s)'):format(method, tostring(err)))
  local client = require('ecrgen').clients(bufnr)[1]
  local response = responses[client.id]
  assert(response, method .. ': no response from the ecrgen client')
  assert(not response.err, method .. ' failed: ' .. vim.inspect(response.err))
  return response.result
end

local function buffer_named(name)
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(b) == name then
      return b
    end
  end
end

local function lines_of(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

local function labels(result)
  local items = result and (result.items or result) or {}
  return vim.tbl_map(function(item)
    return item.label
  end, items)
end

local function messages(bufnr)
  return vim.tbl_map(function(d)
    return d.message
  end, vim.diagnostic.get(bufnr))
end

-------------------------------------------------------------------------------------------------

test('*.ecr.hcl is filetype ecrgen, other *.hcl stays hcl', function()
  eq(vim.filetype.match({ filename = tmp .. '/repos.ecr.hcl' }), 'ecrgen', 'repos.ecr.hcl')
  eq(vim.filetype.match({ filename = tmp .. '/main.hcl' }), 'hcl', 'main.hcl')
end)

test('syntax/ecrgen.vim: HCL syntax plus references, and its own fallback', function()
  local buf = open_spec('syntax.ecr.hcl', 'repository "Repo" {\n  grant_read = [iam_user.Dev] # c\n}\n')
  local function group(line, col)
    return vim.fn.synIDattr(vim.fn.synID(line, col, 1), 'name')
  end
  eq(vim.b[buf].current_syntax, 'ecrgen', 'b:current_syntax')
  eq({ group(1, 1), group(2, 17), group(2, 31) }, { 'hclBlockType', 'ecrgenReference', 'hclComment' }, 'with syntax/hcl.vim')
  local rtp = vim.o.runtimepath
  vim.o.runtimepath = root .. '/editors/nvim' -- no $VIMRUNTIME, so no syntax/hcl.vim
  vim.bo[buf].syntax = 'off'
  vim.bo[buf].syntax = 'ecrgen'
  vim.o.runtimepath = rtp
  eq(
    { group(1, 1), group(1, 13), group(2, 3), group(2, 17), group(2, 31) },
    { 'ecrgenBlockType', 'ecrgenString', 'ecrgenAttribute', 'ecrgenReference', 'ecrgenComment' },
    'fallback'
  )
  vim.cmd('bwipeout')
end)

require('ecrgen').setup({ cmd = { bin, 'lsp' }, root_markers = { '.git' } })

local bad -- the buffer with the misspelt attribute

test('the server attaches to a spec and reports the misspelt attribute', function()
  bad = open_spec('bad.ecr.hcl', 'repository "Repo" {\n  image_scan_on_pussh = true\n}\n')
  eq(vim.bo[bad].filetype, 'ecrgen', 'filetype')
  eq(vim.bo[bad].commentstring, '# %s', 'commentstring from ftplugin/ecrgen.lua')
  local client = attached(bad)
  eq(client.config.root_dir, tmp, 'root_dir (from the .git marker)')
  local function find()
    for _, d in ipairs(vim.diagnostic.get(bad)) do
      if d.message:find('image_scan_on_pussh', 1, true) then
        return d
      end
    end
  end
  wait_for('a diagnostic about image_scan_on_pussh', function()
    return find() ~= nil
  end)
  local d = find()
  eq(d.severity, vim.diagnostic.severity.ERROR, 'severity')
  eq({ d.lnum, d.col, d.end_lnum, d.end_col }, { 1, 2, 1, 21 }, 'range of the attribute name (0-based)')
end)

test('an incremental edit that fixes the name clears the error', function()
  -- "image_scan_on_pussh" -> "image_scan_on_push": delete one "s" (a ranged didChange).
  vim.api.nvim_buf_set_text(bad, 1, 18, 1, 19, {})
  eq(lines_of(bad)[2], '  image_scan_on_push = true', 'edited line')
  wait_for('the image_scan_on_pussh error to go away', function()
    for _, d in ipairs(vim.diagnostic.get(bad)) do
      if d.message:find('image_scan_on_pussh', 1, true) then
        return false
      end
    end
    return true
  end)
  eq(#vim.diagnostic.get(bad, { severity = vim.diagnostic.severity.ERROR }), 0, 'errors left: ' .. vim.inspect(messages(bad)))
end)

--- Opens `text` as spec `name` and sends `method` at the position of `mark` (a "|" in the text,
--- removed before writing).
local function request_at(name, text, method)
  local line, character
  for i, l in ipairs(vim.split(text, '\n', { plain = true })) do
    local col = l:find('|', 1, true)
    if col then
      line, character = i - 1, col - 1
    end
  end
  local buf = open_spec(name, (text:gsub('|', '', 1)))
  attached(buf)
  return request(buf, method, {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = character },
  })
end

test('completion inside a repository block offers image_scan_on_push', function()
  local got = labels(request_at('complete.ecr.hcl', 'repository "Repo" {\n  image_scan|\n}\n', 'textDocument/completion'))
  assert(vim.tbl_contains(got, 'image_scan_on_push'), 'image_scan_on_push not offered; got ' .. vim.inspect(got))
end)

test('completion after image_tag_mutability = offers the enum values', function()
  local result = request_at('enum.ecr.hcl', 'repository "Repo" {\n  image_tag_mutability = |\n}\n', 'textDocument/completion')
  local got = table.concat(labels(result), ' ')
  assert(got:find('IMMUTABLE', 1, true), 'IMMUTABLE not offered; got ' .. got)
end)

test('hover on an attribute shows its documentation', function()
  local result = request_at('hover.ecr.hcl', 'repository "Repo" {\n  ima|ge_scan_on_push = true\n}\n', 'textDocument/hover')
  assert(result and result.contents, 'no hover: ' .. vim.inspect(result))
  local text = vim.inspect(result.contents)
  assert(text:find('image_scan_on_push', 1, true) or text:find('bool', 1, true), 'hover text: ' .. text)
end)

test('vim.lsp.buf.format gives the terraform fmt layout', function()
  local buf = open_spec(
    'fmt.ecr.hcl',
    table.concat({
      'repository "Repo" {',
      'image_scan_on_push = true',
      '      image_tag_mutability="IMMUTABLE"',
      '  lifecycle_rule {',
      '  max_image_count = 5',
      '      tag_status = "any"',
      '      }',
      '}',
      '',
    }, '\n')
  )
  attached(buf)
  vim.lsp.buf.format({ bufnr = buf, async = false, timeout_ms = TIMEOUT })
  eq(lines_of(buf), {
    'repository "Repo" {',
    '  image_scan_on_push   = true',
    '  image_tag_mutability = "IMMUTABLE"',
    '  lifecycle_rule {',
    '    max_image_count = 5',
    '    tag_status      = "any"',
    '  }',
    '}',
  }, 'formatted text')
end)

test(':EcrgenGenerate cfn shows the template in a scratch split', function()
  local spec = open_spec('gen.ecr.hcl', 'repository "Repo" {\n  image_scan_on_push = true\n}\n')
  attached(spec)
  local windows = #vim.api.nvim_list_wins()
  local name = 'ecrgen://cfn/gen.ecr.hcl'
  vim.cmd('EcrgenGenerate cfn')
  local out
  wait_for('the buffer ' .. name, function()
    out = buffer_named(name)
    return out ~= nil and lines_of(out)[1] ~= ''
  end)
  eq(vim.api.nvim_get_current_buf(), out, 'the output is the current buffer')
  eq(#vim.api.nvim_list_wins(), windows + 1, 'windows (one split more)')
  eq(vim.bo[out].filetype, 'json', 'filetype')
  eq(vim.bo[out].buftype, 'nofile', 'buftype')
  local template = vim.json.decode(table.concat(lines_of(out), '\n'))
  local types = {}
  for _, resource in pairs(template.Resources or {}) do
    types[#types + 1] = resource.Type
  end
  eq(types, { 'AWS::ECR::Repository' }, 'resource types')
  vim.cmd('close')
end)

--- require('ecrgen').generate, waited for: returns the error message and the output buffer.
local function generate(target, bufnr)
  local done, err, out = false, nil, nil
  require('ecrgen').generate(target, bufnr, function(e, b)
    done, err, out = true, e, b
  end)
  wait_for('the ' .. target .. ' answer', function()
    return done
  end)
  return err, out
end

test('generate tf gives the module as HCL', function()
  local err, out = generate('tf', open_spec('gen-tf.ecr.hcl', 'repository "Repo" {\n  image_scan_on_push = true\n}\n'))
  assert(not err, 'tf failed: ' .. tostring(err))
  eq(vim.bo[out].filetype, 'hcl', 'filetype')
  local text = table.concat(lines_of(out), '\n')
  assert(text:find('aws_ecr_repository', 1, true), 'no aws_ecr_repository in:\n' .. text)
  vim.cmd('close')
end)

test('generate on a spec with an error shows the server error and no buffer', function()
  local broken = open_spec('broken.ecr.hcl', 'repository "Repo" {\n  image_scan_on_pussh = true\n}\n')
  attached(broken)
  local err, out = generate('cfn', broken)
  assert(err and not out, 'expected an error, got a buffer')
  local last = notified[#notified]
  assert(last and last.level == vim.log.levels.ERROR and last.msg:find('generating cfn failed', 1, true),
    'no error shown: ' .. vim.inspect(last))
end)

test(':checkhealth ecrgen reports the binary and the client', function()
  vim.cmd('silent checkhealth ecrgen')
  local text = table.concat(lines_of(0), '\n')
  vim.cmd('bwipeout')
  for _, want in ipairs({ 'ecrgen', 'OK Neovim', 'OK server: ' .. vim.fn.exepath(bin), 'attached to' }) do
    assert(text:find(want, 1, true), ('%q not in the report:\n%s'):format(want, text))
  end
  assert(not text:find('ERROR', 1, true), 'the report has an ERROR:\n' .. text)
end)

test('the vim.lsp.start path of Neovim 0.8-0.10 attaches too', function()
  -- Hide the 0.11 API so that setup() takes the FileType-autocmd path, as on older versions.
  vim.lsp.enable('ecrgen', false)
  for _, client in ipairs(require('ecrgen').clients()) do
    vim.lsp.stop_client(client.id)
  end
  wait_for('the 0.11 clients to stop', function()
    return #require('ecrgen').clients() == 0
  end)
  local config, enable = vim.lsp.config, vim.lsp.enable
  vim.lsp.config, vim.lsp.enable = nil, nil
  local ok, err = pcall(require('ecrgen').setup, { cmd = { bin, 'lsp' } })
  vim.lsp.config, vim.lsp.enable = config, enable
  assert(ok, err)
  local buf = open_spec('legacy.ecr.hcl', 'repository "Repo" {\n  image_scan_on_pussh = true\n}\n')
  local client = attached(buf)
  eq(client.config.root_dir, tmp, 'root_dir (from the default .git marker)')
  wait_for('the image_scan_on_pussh diagnostic', function()
    return table.concat(messages(buf), '\n'):find('image_scan_on_pussh', 1, true) ~= nil
  end)
end)

-------------------------------------------------------------------------------------------------

for _, client in ipairs(require('ecrgen').clients()) do
  vim.lsp.stop_client(client.id)
end
vim.wait(2000, function()
  return #require('ecrgen').clients() == 0
end, 20)
vim.fn.delete(tmp, 'rf')

io.stdout:write(('%d passed, %d failed\n'):format(passed, failed))
io.stdout:flush()
os.exit(failed == 0 and 0 or 1)
