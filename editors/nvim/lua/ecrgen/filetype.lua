-- Filetype detection for ecrgen specs, shared by ftdetect/ecrgen.lua and setup().
local M = {}

function M.register()
  -- A pattern, because `.ecr.hcl` is a compound extension. Patterns with a non-negative
  -- priority are tried before extensions, so this wins over the built-in `*.hcl` -> hcl.
  vim.filetype.add({
    pattern = {
      ['.*%.ecr%.hcl'] = { 'ecrgen', { priority = 10 } },
    },
  })
end

return M
