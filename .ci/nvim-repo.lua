-- Headless Neovim set up with the README's snippet: opens every file
-- named in FILES (one a line, relative to the working directory) and
-- prints each file's diagnostics as `file:line:CODE`, once the server has
-- published for every one of them.
-- Usage: SNIPPET=lua-file FILES=list nvim --headless --clean -u NONE -c "luafile .ci/nvim-repo.lua"
local function fail(message)
  error(message, 0)
end

local ok, err = pcall(function()
  dofile(os.getenv("SNIPPET"))
  -- `.template` has no file type of its own; CloudFormation's is YAML
  vim.cmd("autocmd BufRead,BufNewFile *.template setfiletype yaml")

  local published = {}
  local original = vim.lsp.handlers["textDocument/publishDiagnostics"]
  vim.lsp.handlers["textDocument/publishDiagnostics"] = function(e, result, ctx, config)
    published[vim.uri_to_fname(result.uri)] = true
    return original(e, result, ctx, config)
  end

  local files = {}
  for line in io.lines(os.getenv("FILES")) do
    if line ~= "" then
      table.insert(files, line)
    end
  end
  local buffers = {}
  for _, file in ipairs(files) do
    vim.cmd("edit " .. vim.fn.fnameescape(file))
    buffers[file] = vim.api.nvim_get_current_buf()
  end

  local all = vim.wait(30000, function()
    for _, file in ipairs(files) do
      if not published[vim.fn.fnamemodify(file, ":p")] then
        return false
      end
    end
    return true
  end, 50)
  if not all then
    local missing = {}
    for _, file in ipairs(files) do
      if not published[vim.fn.fnamemodify(file, ":p")] then
        table.insert(missing, file)
      end
    end
    fail("no diagnostics published within 30 s for " .. table.concat(missing, ", "))
  end

  for _, file in ipairs(files) do
    for _, d in ipairs(vim.diagnostic.get(buffers[file])) do
      local code = d.code
      if code == nil and d.user_data and d.user_data.lsp then
        code = d.user_data.lsp.code
      end
      io.stdout:write(string.format("%s:%d:%s\n", file, d.lnum + 1, tostring(code)))
    end
  end
end)
if not ok then
  io.stderr:write("nvim-repo: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
vim.cmd("qall!")
