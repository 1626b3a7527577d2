-- Headless Neovim with its built-in LSP client pointed at `edgelint lsp`:
-- opens a faulty template and checks the diagnostics it receives.
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

  vim.lsp.stop_client(client_id)
  io.stdout:write("nvim-lsp: ok\n")
end)
if not ok then
  io.stderr:write("nvim-lsp: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
vim.cmd("qall!")
