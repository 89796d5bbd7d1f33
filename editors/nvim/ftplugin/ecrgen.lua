-- Buffer settings for ecrgen specs (HCL syntax).
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

vim.bo.commentstring = '# %s'
vim.bo.comments = ':#,://,s1:/*,mb:*,ex:*/'
vim.bo.expandtab = true
vim.bo.shiftwidth = 2
vim.bo.softtabstop = 2
vim.b.undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop<'

-- Highlight with the tree-sitter HCL parser when one is installed (nvim-treesitter's `hcl`).
-- Registering is enough for plugins that start tree-sitter highlighting per filetype; without a
-- parser, syntax/ecrgen.vim applies.
if vim.treesitter and vim.treesitter.language and vim.treesitter.language.register then
  pcall(vim.treesitter.language.register, 'hcl', 'ecrgen')
end
