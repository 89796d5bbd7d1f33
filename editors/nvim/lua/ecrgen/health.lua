-- :checkhealth ecrgen
local M = {}

-- vim.health.start/ok/... since 0.10; report_start/report_ok/... before.
local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local fail = health.error or health.report_error
local info = health.info or health.report_info

local function check_neovim()
  local v = vim.version()
  local version = ('%d.%d.%d'):format(v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.11') == 1 then
    ok('Neovim ' .. version .. ': vim.lsp.config + vim.lsp.enable')
  elseif vim.fn.has('nvim-0.8') == 1 then
    ok('Neovim ' .. version .. ': vim.lsp.start from a FileType autocmd')
  else
    fail('Neovim ' .. version .. ' is too old: ecrgen needs 0.8 or newer (vim.lsp.start)')
  end
end

local function check_binary(cmd)
  local bin = cmd[1]
  if not bin or vim.fn.executable(bin) ~= 1 then
    fail(('server binary %q not found or not executable'):format(tostring(bin)), {
      'Install ecrgen and put it on PATH, or pass its path: require("ecrgen").setup({ cmd = { "/path/to/ecrgen", "lsp" } })',
    })
    return
  end
  local path = vim.fn.exepath(bin)
  local out = vim.fn.system({ bin, '--version' })
  if vim.v.shell_error ~= 0 then
    fail(('%s --version failed (exit %d): %s'):format(path, vim.v.shell_error, vim.trim(out)))
    return
  end
  ok(('server: %s (%s)'):format(path, vim.trim(out)))
  info('server command: ' .. table.concat(cmd, ' '))
end

local function check_clients()
  local ecrgen = require('ecrgen')
  local clients = ecrgen.clients()
  if #clients == 0 then
    warn('no ecrgen client is running', { 'Open a *.ecr.hcl file; :LspLog shows why a start failed' })
    return
  end
  for _, client in ipairs(clients) do
    local bufs = vim.tbl_keys(client.attached_buffers or {})
    table.sort(bufs)
    local names = vim.tbl_map(function(b)
      return vim.fn.fnamemodify(vim.api.nvim_buf_get_name(b), ':~:.')
    end, bufs)
    ok(('client %d attached to %d buffer(s): %s'):format(client.id, #bufs, table.concat(names, ', ')))
  end
  local cur = vim.api.nvim_get_current_buf()
  if vim.bo[cur].filetype == 'ecrgen' and #ecrgen.clients(cur) == 0 then
    warn('the current ecrgen buffer has no client attached')
  end
end

function M.check()
  start('ecrgen')
  check_neovim()
  local ecrgen = require('ecrgen')
  if not ecrgen.config then
    warn('require("ecrgen").setup() has not been called', { 'Call it from your config; see editors/nvim/README.md' })
  end
  local match = vim.filetype.match({ filename = 'x.ecr.hcl' })
  if match == 'ecrgen' then
    ok('*.ecr.hcl files get filetype ecrgen')
  else
    fail(('*.ecr.hcl files get filetype %s, not ecrgen'):format(tostring(match)))
  end
  check_binary((ecrgen.config or {}).cmd or { 'ecrgen', 'lsp' })
  check_clients()
end

return M
