-- wrk: count the answers the page cache served (X-Page-Cache: hit) among all answers.
-- Each wrk thread runs in its own Lua state: done() adds up what each thread counted.
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   hits, answers = 0, 0
end

function response(status, headers, body)
   answers = answers + 1
   if headers["X-Page-Cache"] == "hit" then
      hits = hits + 1
   end
end

function done(summary, latency, requests)
   local total_hits, total_answers = 0, 0
   for _, thread in ipairs(threads) do
      total_hits = total_hits + thread:get("hits")
      total_answers = total_answers + thread:get("answers")
   end
   io.write(string.format("PAGE-CACHE-HITS %d %d\n", total_hits, total_answers))
end
