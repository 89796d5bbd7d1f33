" Vim syntax file
" Language: ecrgen spec (*.ecr.hcl), HCL native syntax
" Reuses the runtime's HCL syntax when there is one, and adds ecrgen's references.

if exists('b:current_syntax')
  finish
endif

if !empty(globpath(&runtimepath, 'syntax/hcl.vim', 0, 1))
  runtime! syntax/hcl.vim
  unlet! b:current_syntax
else
  " Minimal fallback for runtimes without HCL syntax.
  syn iskeyword a-z,A-Z,48-57,_,-
  syn keyword ecrgenTodo contained TODO FIXME XXX
  syn region ecrgenComment start="#" end="$" contains=ecrgenTodo,@Spell
  syn region ecrgenComment start="//" end="$" contains=ecrgenTodo,@Spell
  syn region ecrgenComment start="/\*" end="\*/" contains=ecrgenTodo,@Spell
  syn match ecrgenBlockType /^\s*\zs\K\k*\ze\%(\s\+\%("[^"]*"\|\K\k*\)\)*\s*{/
  syn match ecrgenAttribute /^\s*\zs\K\k*\ze\s*=[^=]/
  syn keyword ecrgenBoolean true false
  syn keyword ecrgenNull null
  syn match ecrgenNumber /\<\d\+\%(\.\d\+\)\?\%([eE][+-]\?\d\+\)\?\>/
  syn match ecrgenEscape /\$\${\|%%{/ contained
  syn match ecrgenStringEscape /\\\%([nrt"\\]\|u\x\{4}\|U\x\{8}\)/ contained
  syn region ecrgenInterp matchgroup=ecrgenInterpDelim start=/[$%]{/ end=/}/ contained contains=ecrgenString,ecrgenNumber,ecrgenBoolean
  syn region ecrgenString start=/"/ skip=/\\\\\|\\"/ end=/"/ contains=ecrgenEscape,ecrgenStringEscape,ecrgenInterp
  syn region ecrgenHeredoc start=/<<-\?\z(\K\k*\)$/ end=/^\s*\z1$/ contains=ecrgenEscape,ecrgenInterp

  hi def link ecrgenTodo Todo
  hi def link ecrgenComment Comment
  hi def link ecrgenBlockType Structure
  hi def link ecrgenAttribute Identifier
  hi def link ecrgenBoolean Boolean
  hi def link ecrgenNull Constant
  hi def link ecrgenNumber Number
  hi def link ecrgenEscape SpecialChar
  hi def link ecrgenStringEscape SpecialChar
  hi def link ecrgenInterpDelim Delimiter
  hi def link ecrgenString String
  hi def link ecrgenHeredoc String
endif

" iam_user.Dev, iam_role.Ci, repository.Api.repository_uri
syn match ecrgenReference /\<\%(iam_user\|iam_role\|repository\)\.\K\k*\%(\.\K\k*\)\?/
hi def link ecrgenReference Type

let b:current_syntax = 'ecrgen'
