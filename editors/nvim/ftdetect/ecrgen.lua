require('ecrgen.filetype').register()
