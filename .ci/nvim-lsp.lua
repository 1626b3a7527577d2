-- Headless Neovim with its built-in LSP client pointed at `edgelint lsp`:
-- opens a faulty template, checks the diagnostics it receives, applies a
-- code action and sees the diagnostic go.
-- Works with Neovim 0.7 (Debian's) and later.
-- Usage: EDGELINT=BINARY FILE=TEMPLATE nvim --headless --clean -u NONE -c "luafile .ci/nvim-lsp.lua"
local binary, file = os.getenv("EDGELINT"), os.getenv("FILE")
local function fail(message)
  error(message, 0)
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "edgelint",
    cmd = { binary, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":p:h"),
  })
  if not client_id then
    fail("could not start the language server")
  end
  vim.lsp.buf_attach_client(buf, client_id)

  local ok = vim.wait(20000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  if not ok then
    fail("no diagnostics within 20 s")
  end

  local diagnostics = vim.diagnostic.get(buf)
  local found = false
  for _, d in ipairs(diagnostics) do
    if d.code == nil and d.user_data and d.user_data.lsp then
      d.code = d.user_data.lsp.code
    end
    io.stdout:write(string.format("%s:%d:%d: %s [%s] %s\n", file, d.lnum + 1, d.col + 1,
      vim.diagnostic.severity[d.severity], tostring(d.code), d.message:gsub("\n.*", "")))
    if d.code == "CF104" and d.lnum == 14 and d.col == 36
        and d.severity == vim.diagnostic.severity.ERROR and d.source == "edgelint" then
      found = true
    end
  end
  if not found then
    fail("expected CF104 as an error at 15:37")
  end

  -- hover over it returns the rule's documentation
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 14, character = 40 } }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000)
  local hover_ok = false
  for _, response in pairs(responses or {}) do
    local value = response.result and response.result.contents and response.result.contents.value
    if value and value:find("[Rule documentation](", 1, true) then
      hover_ok = true
    end
  end
  if not hover_ok then
    fail("hover did not show the rule's summary and link")
  end

  -- code actions on the diagnostic: apply CF104's quick fix (its safe
  -- fix, `http-only`) and the diagnostic goes (the buffer is not written)
  local action_params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 14, character = 36 }, ["end"] = { line = 14, character = 46 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, 14) },
  }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", action_params, 10000)
  local chosen
  local titles = {}
  for _, reply in pairs(replies or {}) do
    for _, action in ipairs(reply.result or {}) do
      table.insert(titles, action.title)
      if action.title:sub(1, 10) == "Fix CF104:" and action.isPreferred then
        chosen = action
      end
    end
  end
  io.stdout:write("code actions: " .. table.concat(titles, "; ") .. "\n")
  if not chosen or not chosen.edit then
    fail("no preferred \"Fix CF104\" quick fix with an edit")
  end
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
  local line = vim.api.nvim_buf_get_lines(buf, 14, 15, false)[1]
  if line ~= "              OriginProtocolPolicy: http-only" then
    fail("the quick fix did not set the protocol policy: " .. tostring(line))
  end
  local gone = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == "CF104" then
        return false
      end
    end
    return true
  end, 50)
  if not gone then
    fail("CF104 still reported after its quick fix was applied")
  end
  io.stdout:write("applied: " .. chosen.title .. "; CF104 is gone\n")

  vim.lsp.stop_client(client_id)
  io.stdout:write("nvim-lsp: ok\n")
end)
if not ok then
  io.stderr:write("nvim-lsp: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
vim.cmd("qall!")
