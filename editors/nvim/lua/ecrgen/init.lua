-- ecrgen for Neovim: filetype, the `ecrgen lsp` client and :EcrgenGenerate.
--
--   require('ecrgen').setup({
--     cmd = { 'ecrgen', 'lsp' },         -- the server command
--     settings = {},                     -- sent as workspace/configuration settings
--     root_markers = { '.git' },         -- a spec's project root is the nearest folder with one
--   })
--
-- Neovim 0.11+ uses vim.lsp.config + vim.lsp.enable; 0.8-0.10 a FileType autocmd with vim.lsp.start.
local M = {}

M.name = 'ecrgen'
M.targets = { 'cfn', 'tf', 'tf-json' }

local defaults = {
  cmd = { 'ecrgen', 'lsp' },
  filetypes = { 'ecrgen' },
  root_markers = { '.git' },
  settings = {},
  init_options = nil,
  capabilities = nil,
  on_attach = nil,
  -- Environment for the server process, e.g. { ECRGEN_LOG = 'debug' }.
  cmd_env = nil,
}

--- The options setup() was called with, merged over the defaults (nil before setup()).
M.config = nil

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

--- The ecrgen clients attached to a buffer (all ecrgen clients when bufnr is nil).
function M.clients(bufnr)
  local filter = { name = M.name, bufnr = bufnr }
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(filter)
  end
  return vim.lsp.get_active_clients(filter)
end

local function root_dir_for(bufnr, markers)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local dir = file ~= '' and vim.fs.dirname(file) or vim.fn.getcwd()
  local found = vim.fs.find(markers, { upward = true, path = dir })[1]
  return found and vim.fs.dirname(found) or dir
end

local function start_legacy(bufnr, cfg)
  local client_config = {
    name = M.name,
    cmd = cfg.cmd,
    cmd_env = cfg.cmd_env,
    root_dir = root_dir_for(bufnr, cfg.root_markers),
    settings = cfg.settings,
    init_options = cfg.init_options,
    capabilities = cfg.capabilities,
    on_attach = cfg.on_attach,
  }
  vim.lsp.start(client_config, { bufnr = bufnr })
end

local function create_commands()
  vim.api.nvim_create_user_command('EcrgenGenerate', function(args)
    M.generate(args.args ~= '' and args.args or 'cfn')
  end, {
    nargs = '?',
    desc = 'ecrgen: generate cfn, tf or tf-json from the current spec into a scratch split',
    complete = function(lead)
      return vim.tbl_filter(function(t)
        return vim.startswith(t, lead)
      end, M.targets)
    end,
  })
end

function M.setup(opts)
  local cfg = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  M.config = cfg
  require('ecrgen.filetype').register()
  create_commands()

  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config(M.name, {
      cmd = cfg.cmd,
      cmd_env = cfg.cmd_env,
      filetypes = cfg.filetypes,
      root_markers = cfg.root_markers,
      settings = cfg.settings,
      init_options = cfg.init_options,
      capabilities = cfg.capabilities,
      on_attach = cfg.on_attach,
    })
    vim.lsp.enable(M.name)
    return
  end

  if not vim.lsp.start then
    vim.notify('ecrgen: Neovim 0.8 or newer is needed for the language server', vim.log.levels.ERROR)
    return
  end
  local group = vim.api.nvim_create_augroup('ecrgen_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = cfg.filetypes,
    callback = function(ev)
      start_legacy(ev.buf, cfg)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(cfg.filetypes, vim.bo[bufnr].filetype) then
      start_legacy(bufnr, cfg)
    end
  end
end

local output_filetype = { cfn = 'json', ['tf-json'] = 'json', tf = 'hcl' }

--- Shows generated text in a scratch split named ecrgen://<target>/<spec file>.
function M.show_output(spec_bufnr, target, content)
  local name = ('ecrgen://%s/%s'):format(target, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(spec_bufnr), ':t'))
  local buf
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(b) == name then
      buf = b
    end
  end
  if not buf then
    buf = vim.api.nvim_create_buf(false, true)
    vim.api.nvim_buf_set_name(buf, name)
  end
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'hide'
  vim.bo[buf].swapfile = false
  vim.bo[buf].modifiable = true
  local lines = vim.split(content, '\n', { plain = true })
  if lines[#lines] == '' then
    table.remove(lines)
  end
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = output_filetype[target] or ''
  local win = vim.fn.bufwinid(buf)
  if win == -1 then
    vim.cmd('belowright split')
    vim.api.nvim_win_set_buf(0, buf)
  else
    vim.api.nvim_set_current_win(win)
  end
  return buf
end

--- Runs the server's `ecrgen.generate` command on a spec buffer and shows the result.
--- `callback(err, buf)`, when given, is called with the error message or the output buffer.
function M.generate(target, bufnr, callback)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  target = target or 'cfn'
  local function finish(err, buf)
    if err then
      vim.notify('ecrgen: ' .. err, vim.log.levels.ERROR)
    end
    if callback then
      callback(err, buf)
    end
  end
  if not vim.tbl_contains(M.targets, target) then
    return finish(('unknown target %q (use cfn, tf or tf-json)'):format(target))
  end
  local client = M.clients(bufnr)[1]
  if not client then
    return finish('no ecrgen language server is attached to this buffer (see :checkhealth ecrgen)')
  end
  local params = {
    command = 'ecrgen.generate',
    arguments = { { uri = vim.uri_from_bufnr(bufnr), target = target } },
  }
  local function handler(err, result)
    if err then
      return finish(('generating %s failed: %s'):format(target, err.message or vim.inspect(err)))
    end
    if type(result) ~= 'table' or type(result.content) ~= 'string' then
      return finish(('the server returned no %s output'):format(target))
    end
    finish(nil, M.show_output(bufnr, target, result.content))
  end
  if has('0.11') then
    client:request('workspace/executeCommand', params, handler, bufnr)
  else
    client.request('workspace/executeCommand', params, handler, bufnr)
  end
end

return M
