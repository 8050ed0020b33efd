-- Writes the golden set's expected output as JSON to the file named by the
-- metadata field `golden-out` (see make-expected.sh). Runs after --citeproc, so
-- the bibliography is a Div #refs of Divs #ref-ID, and each Cite holds its
-- rendered text.

local function json_string(s)
  s = s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == '\\' then return '\\\\' end
    if c == '\n' then return '\\n' end
    if c == '\t' then return '\\t' end
    return string.format('\\u%04x', c:byte())
  end)
  return '"' .. s .. '"'
end

local function html_of(blocks)
  local html = pandoc.write(pandoc.Pandoc(blocks), 'html', { wrap_text = 'wrap-none' })
  return (html:gsub('%s+$', ''))
end

local function inline_html(inlines)
  return html_of({ pandoc.Plain(inlines) })
end

local function fields(pairs_)
  local parts = {}
  for _, kv in ipairs(pairs_) do
    parts[#parts + 1] = json_string(kv[1]) .. ': ' .. kv[2]
  end
  return '{' .. table.concat(parts, ', ') .. '}'
end

function Pandoc(doc)
  local meta = doc.meta
  local out_path = pandoc.utils.stringify(meta['golden-out'])
  local bibliography, citations = {}, {}
  for _, block in ipairs(doc.blocks) do
    if block.t == 'Div' and block.identifier == 'refs' then
      for _, entry in ipairs(block.content) do
        local id = entry.identifier:gsub('^ref%-', '')
        bibliography[#bibliography + 1] = fields({
          { 'id', json_string(id) },
          { 'text', json_string(pandoc.utils.stringify(entry)) },
          { 'html', json_string(html_of(entry.content)) },
        })
      end
    elseif block.t == 'Div' and block.identifier ~= '' then
      block:walk({
        Cite = function(cite)
          local items = {}
          for _, c in ipairs(cite.citations) do
            items[#items + 1] = fields({
              { 'id', json_string(c.id) },
              { 'mode', json_string(c.mode) },
              { 'suffix', json_string(pandoc.utils.stringify(c.suffix)) },
            })
          end
          citations[#citations + 1] = fields({
            { 'case', json_string(block.identifier) },
            { 'items', '[' .. table.concat(items, ', ') .. ']' },
            { 'text', json_string(pandoc.utils.stringify(cite.content)) },
            { 'html', json_string(inline_html(cite.content)) },
          })
        end,
      })
    end
  end
  local file = assert(io.open(out_path, 'w'))
  file:write('{\n  "generator": ', json_string('pandoc ' .. tostring(PANDOC_VERSION) .. ' --citeproc'), ',\n')
  file:write('  "style": ', json_string(pandoc.utils.stringify(meta['golden-style'])), ',\n')
  file:write('  "bibliography": [\n    ', table.concat(bibliography, ',\n    '), '\n  ],\n')
  file:write('  "citations": [\n    ', table.concat(citations, ',\n    '), '\n  ]\n}\n')
  file:close()
  return doc
end
