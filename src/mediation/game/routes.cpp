// The pages of « Par Ici la Sortie » (/jeu). The board (/jeu/plateau/…) needs no account; the mediator's view
// works without JavaScript (forms that post and redirect); the board follows the game by server-sent events
// answered at once (see events_answer) and, offline, plays a whole game on one device (/jeu/hors-ligne).
#include <boost/json.hpp>

#include "mediation/game/service.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/app.hpp"
#include "platform/web/crypto.hpp"

namespace trame::mediation::game {

namespace {

using web::Context;
using web::Data;

std::string game_url(const std::string& code) {
  return "/jeu/parties/" + code;
}
std::string deck_url(long long id) {
  return "/jeu/paquets/" + std::to_string(id);
}

// A card's image on the offline board (public; a card id's image never changes: an edit makes a new card).
std::string offline_image_url(long long card_id) {
  return "/jeu/hors-ligne/cartes/" + std::to_string(card_id) + "/image";
}

std::string kind_label(Context& ctx, const std::string& kind) {
  return ctx.t("game.kinds." + kind);
}

std::string move_text(Context& ctx, int move) {
  if (move > 0)
    return ctx.t(move == 1 ? "game.moves.forward_one" : "game.moves.forward", {{"n", std::to_string(move)}});
  if (move < 0) return ctx.t(move == -1 ? "game.moves.back_one" : "game.moves.back", {{"n", std::to_string(-move)}});
  return ctx.t("game.moves.stay");
}

Data card_data(Context& ctx, const Card& c, bool with_answer) {
  Data d{Data::type::object};
  d.set("id", std::to_string(c.id));
  d.set("kind", c.kind);
  d.set("kind_label", kind_label(ctx, c.kind));
  d.set("text", c.text);
  d.set("move", move_text(ctx, c.move));
  d.set("has_image", web::flag(!c.image_type.empty()));
  d.set("image_url", "/jeu/cartes/" + std::to_string(c.id) + "/image");
  if (with_answer) {
    d.set("answer_label", ctx.t("game.cards.answer_kinds." + c.answer_kind));
    web::set_if(d, "answer", c.answer);
  }
  return d;
}

// The board's state as JSON (what the server-sent events carry): no answer, no mediator.
std::string state_json(Context& ctx, const GameView& v) {
  boost::json::object o;
  const Game& g = v.game;
  o["seq"] = g.seq;
  o["status"] = g.status;
  o["track"] = g.track;
  o["turn"] = g.turn;
  o["winner"] = g.winner;
  boost::json::array teams;
  for (const auto& t : g.teams) teams.push_back(boost::json::object{{"name", t.name}, {"square", t.square}});
  o["teams"] = std::move(teams);
  if (v.card)
    o["card"] =
        boost::json::object{{"kind", v.card->kind},
                            {"kind_label", kind_label(ctx, v.card->kind)},
                            {"text", v.card->text},
                            {"move", move_text(ctx, v.card->move)},
                            {"image", v.card->image_type.empty()
                                          ? std::string()
                                          : "/jeu/plateau/" + g.code + "/image?carte=" + std::to_string(v.card->id)}};
  else o["card"] = nullptr;
  return boost::json::serialize(o);
}

// The track as the board and the mediator's page show it: squares 0..track, each with the teams on it.
Data track_data(Context& ctx, const Game& g) {
  Data squares{Data::type::list};
  for (int s = 0; s <= g.track; ++s) {
    Data sq{Data::type::object};
    sq.set("label", s == 0 ? ctx.t("game.board.start") : s == g.track ? ctx.t("game.board.show") : std::to_string(s));
    sq.set("end", web::flag(s == g.track));
    Data here{Data::type::list};
    for (const auto& t : g.teams) {
      if (t.square != s) continue;
      Data td{Data::type::object};
      td.set("name", t.name);
      td.set("index", std::to_string(t.position % 6));
      here.push_back(td);
    }
    sq.set("teams", here);
    squares.push_back(sq);
  }
  return squares;
}

Data game_data(Context& ctx, const GameView& v, bool mediator) {
  const Game& g = v.game;
  Data d{Data::type::object};
  d.set("code", g.code);
  d.set("seq", std::to_string(g.seq));
  d.set("deck", g.deck_name);
  d.set("squares", track_data(ctx, g));
  Data teams{Data::type::list};
  for (const auto& t : g.teams) {
    Data td{Data::type::object};
    td.set("position", std::to_string(t.position));
    td.set("name", t.name);
    td.set("square", std::to_string(t.square));
    td.set("where", t.square == 0         ? ctx.t("game.board.start")
                    : t.square == g.track ? ctx.t("game.board.show")
                                          : ctx.t("game.board.square", {{"n", std::to_string(t.square)}}));
    td.set("turn", web::flag(g.status == "playing" && t.position == g.turn));
    td.set("index", std::to_string(t.position % 6));
    teams.push_back(td);
  }
  d.set("teams", teams);
  bool won = g.status == "won";
  d.set("won", web::flag(won));
  if (won && g.winner >= 0 && g.winner < static_cast<int>(g.teams.size()))
    d.set("winner", g.teams[static_cast<std::size_t>(g.winner)].name);
  if (!won && !g.teams.empty()) d.set("turn_name", g.teams[static_cast<std::size_t>(g.turn) % g.teams.size()].name);
  if (v.card) {
    Data c = card_data(ctx, *v.card, mediator);
    // The board has no account: it shows the image by its game's code.
    if (!mediator) c.set("image_url", "/jeu/plateau/" + g.code + "/image?carte=" + std::to_string(v.card->id));
    d.set("card", c);
  }
  d.set("no_card", web::flag(!v.card && !won));
  d.set("board_url", "/jeu/plateau/" + g.code);
  return d;
}

// ---- Mediator

long long json_int(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

// The moves an offline device sends back (form fields base, moves and final, as JSON); false when they are
// not what the page's script writes (then nothing is played).
bool parse_sync(const http::Form& f, long long& base, std::vector<SyncMove>& moves, SyncState& reached) {
  base = web::parse_id(f.get("base"));
  boost::system::error_code ec;
  auto list = boost::json::parse(f.get("moves"), ec);
  if (ec || !list.is_array() || list.as_array().size() > kSyncMovesMax) return false;
  for (const auto& v : list.as_array()) {
    if (!v.is_object()) return false;
    const auto& o = v.as_object();
    const auto* action = o.if_contains("action");
    if (!action || !action->is_string()) return false;
    const auto* apply = o.if_contains("apply");
    moves.push_back({std::string(action->as_string()), json_int(o, "card"),
                     apply && apply->is_bool() && apply->as_bool(), static_cast<int>(json_int(o, "team")),
                     static_cast<int>(json_int(o, "steps"))});
  }
  auto state = boost::json::parse(f.get("final"), ec);
  if (ec || !state.is_object()) return false;
  const auto& o = state.as_object();
  const auto* squares = o.if_contains("squares");
  const auto* status = o.if_contains("status");
  if (!squares || !squares->is_array() || !status || !status->is_string()) return false;
  for (const auto& s : squares->as_array()) {
    if (!s.is_int64()) return false;
    reached.squares.push_back(static_cast<int>(s.as_int64()));
  }
  reached.status = std::string(status->as_string());
  reached.turn = static_cast<int>(json_int(o, "turn"));
  reached.winner =
      static_cast<int>(o.if_contains("winner") && o.at("winner").is_int64() ? o.at("winner").as_int64() : -1);
  reached.card = json_int(o, "card");
  return true;
}

// What the mediator's page needs to go on offline (static/js/game_mediator.js): the state, every card of the
// version played with its answer (this page is the mediator's), and the words.
std::string mediator_json(Context& ctx, Service& service, const GameView& v) {
  const Game& g = v.game;
  boost::json::array cards;
  for (const auto& c : service.cards(g.version_id))
    cards.push_back(boost::json::object{{"id", c.id},
                                        {"kind_label", kind_label(ctx, c.kind)},
                                        {"text", c.text},
                                        {"answer_label", ctx.t("game.cards.answer_kinds." + c.answer_kind)},
                                        {"answer", c.answer},
                                        {"move", c.move},
                                        {"move_text", move_text(ctx, c.move)}});
  boost::json::array teams;
  for (const auto& t : g.teams) teams.push_back(boost::json::object{{"name", t.name}, {"square", t.square}});
  boost::json::array drawn;
  for (long long id : drawn_ids(g.drawn)) drawn.push_back(id);
  boost::json::object words{{"start", ctx.t("game.board.start")},   {"show", ctx.t("game.board.show")},
                            {"turn", ctx.t("game.board.turn")},     {"won", ctx.t("game.board.won")},
                            {"square", ctx.t("game.board.square")}, {"no_card", ctx.t("game.board.no_card")}};
  std::string json = boost::json::serialize(boost::json::object{{"code", g.code},
                                                                {"seq", g.seq},
                                                                {"track", g.track},
                                                                {"turn", g.turn},
                                                                {"status", g.status},
                                                                {"winner", g.winner},
                                                                {"card", g.card_id},
                                                                {"drawn", std::move(drawn)},
                                                                {"teams", std::move(teams)},
                                                                {"cards", std::move(cards)},
                                                                {"words", std::move(words)}});
  std::string safe;  // inside <script type="application/json">: no "</"
  for (char c : json) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return safe;
}

http::Response home_page(Context& ctx, Service& service, const Outcome& outcome = Outcome::success(),
                         int status = 200) {
  Data data{Data::type::object};
  Data decks{Data::type::list};
  std::string chosen = ctx.form.get("deck");
  for (const auto& d : service.decks()) {
    if (d.cards == 0) continue;
    Data o{Data::type::object};
    o.set("value", std::to_string(d.id));
    o.set("label", ctx.t("game.decks.option", {{"name", d.name}, {"n", std::to_string(d.cards)}}));
    o.set("selected", web::flag(std::to_string(d.id) == chosen));
    decks.push_back(o);
  }
  data.set("decks", decks);
  data.set("f_teams", ctx.form.get("teams"));
  Data games{Data::type::list};
  for (const auto& g : service.my_games(ctx.me())) {
    Data o{Data::type::object};
    o.set("url", game_url(g.code));
    o.set("code", g.code);
    o.set("deck", g.deck_name);
    std::string names;
    for (const auto& t : g.teams) names += (names.empty() ? "" : ", ") + t.name;
    o.set("teams", names);
    o.set("won", web::flag(g.status == "won"));
    o.set("since", web::format_datetime(g.created_at, ctx.locale));
    games.push_back(o);
  }
  data.set("games", games);
  data.set("no_games", web::flag(games.is_empty_list()));
  data.set("may_edit", web::flag(ctx.me().can(perm::game_edit)));
  web::set_error(data, ctx, outcome);
  return ctx.render("mediation/game/home", data, ctx.t("game.home.title"), status);
}

http::Response game_page(Context& ctx, Service& service, const std::string& code) {
  auto v = service.mediated(ctx.me(), code);
  if (!v) return ctx.error(404);
  Data data = game_data(ctx, *v, true);
  data.set("url", game_url(v->game.code));
  data.set("game_css", ctx.app.asset_url("css/game.css"));
  data.set("board_help", ctx.t("game.game.board_help", {{"url", "/jeu/plateau/" + v->game.code}}));
  data.set("mediator_json", mediator_json(ctx, service, *v));
  data.set("mediator_js", ctx.app.asset_url("js/game_mediator.js"));
  return ctx.render("mediation/game/game", data, ctx.t("game.game.title", {{"code", v->game.code}}));
}

// ---- Board (public)

std::optional<GameView> board_game(Context& ctx, Service& service, http::Response& refused) {
  bool limited = false;
  auto v = service.board_view(ctx.req.params.at("code"), ctx.client_ip(), limited);
  if (!v) refused = ctx.error(limited ? 429 : 404, limited ? ctx.t("game.board.limited") : "");
  return v;
}

// The board's server-sent events. A streamed response runs its chunks on the worker pool (http/server.cpp):
// a stream that waited for the next move would hold a worker for as long as a board is open. So the answer
// is given at once: the state as one event (id: the game's sequence) when it changed since Last-Event-ID,
// nothing otherwise, and `retry: 1000`; then the response ends, and EventSource connects again a second
// later by itself. A game that ended its day (or never was), or is won and whose final state the board
// already holds, answers 204, which stops EventSource.
http::Response events_answer(Context& ctx, Service& service) {
  http::Response refused;
  auto v = board_game(ctx, service, refused);
  if (!v) {
    if (refused.status == 429) return refused;
    http::Response gone;
    gone.status = 204;
    gone.set_header("Cache-Control", "no-store");
    return gone;
  }
  std::string last = ctx.req.header("last-event-id");
  if (last.empty()) last = ctx.req.query_param("depuis").value_or("");
  if (v->game.status == "won" && last == std::to_string(v->game.seq)) {
    http::Response over;  // the board holds the final state: nothing more will come
    over.status = 204;
    over.set_header("Cache-Control", "no-store");
    return over;
  }
  std::string body = "retry: 1000\n\n";
  if (last != std::to_string(v->game.seq))
    body += "id: " + std::to_string(v->game.seq) + "\nevent: state\ndata: " + state_json(ctx, *v) + "\n\n";
  http::Response res;
  res.body = std::move(body);
  res.set_header("Content-Type", "text/event-stream; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
  return res;
}

http::Response board_page(Context& ctx, Service& service) {
  http::Response refused;
  auto v = board_game(ctx, service, refused);
  if (!v) return refused;
  Data data = game_data(ctx, *v, false);
  data.set("events_url", "/jeu/plateau/" + v->game.code + "/evenements");
  data.set("board_js", ctx.app.asset_url("js/game_board.js"));
  data.set("game_css", ctx.app.asset_url("css/game.css"));
  ctx.meta.noindex = true;
  return ctx.render("mediation/game/board", data, ctx.t("game.board.title"));
}

http::Response offline_page(Context& ctx, Service& service) {
  auto decks = service.decks();
  long long wanted = web::parse_id(ctx.req.query_param("paquet").value_or(""));
  const Deck* deck = nullptr;
  for (const auto& d : decks)
    if ((wanted && d.id == wanted) || (!wanted && d.starter)) deck = &d;
  if (!deck) return ctx.error(404);
  boost::json::array cards;
  for (const auto& c : service.cards(deck->current_version))
    cards.push_back(boost::json::object{{"kind", c.kind},
                                        {"kind_label", kind_label(ctx, c.kind)},
                                        {"text", c.text},
                                        {"answer_label", ctx.t("game.cards.answer_kinds." + c.answer_kind)},
                                        {"answer", c.answer},
                                        {"move", c.move},
                                        {"move_text", move_text(ctx, c.move)},
                                        {"image", c.image_type.empty() ? std::string() : offline_image_url(c.id)}});
  boost::json::object words{{"start", ctx.t("game.board.start")},
                            {"show", ctx.t("game.board.show")},
                            {"turn", ctx.t("game.board.turn")},
                            {"won", ctx.t("game.board.won")},
                            {"square", ctx.t("game.board.square")},
                            {"no_card", ctx.t("game.board.no_card")},
                            {"few_teams", ctx.t("game.start.errors.few_teams")},
                            {"image_alt", ctx.t("game.cards.image_alt")}};
  std::string json = boost::json::serialize(boost::json::object{
      {"track", kTrack}, {"deck", deck->name}, {"cards", std::move(cards)}, {"words", std::move(words)}});
  // Inside <script type="application/json">: no "</" may close the element early.
  std::string safe;
  for (char c : json) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
  Data data{Data::type::object};
  data.set("deck", deck->name);
  data.set("deck_json", safe);
  data.set("offline_js", ctx.app.asset_url("js/game_offline.js"));
  data.set("game_css", ctx.app.asset_url("css/game.css"));
  data.set("track", std::to_string(kTrack));
  ctx.meta.noindex = true;
  return ctx.render("mediation/game/offline", data, ctx.t("game.offline.title"));
}

// The service worker, served from /jeu/ so that its scope covers /jeu/ (the offline board and its files).
http::Response service_worker() {
  static const std::string kWorker =
      R"JS(// « Par Ici la Sortie » offline: the board page, its scripts and styles are kept once loaded, and the
// page itself, its files and the deck's card images as the page lists them (a message { page, files, images },
// answered { kept: n }, the images kept, once all are): one visit online is enough.
const CACHE = 'jeu-hors-ligne-v2';
const IMAGES = '/jeu/hors-ligne/cartes/';
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.add('/jeu/hors-ligne')).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
self.addEventListener('message', (event) => {
  const d = event.data || {};
  const list = (v, prefix) => (Array.isArray(v) ? v : []).filter((u) => typeof u === 'string')
    .map((u) => new URL(u, self.location.origin)).filter((u) => u.origin === self.location.origin && u.pathname.startsWith(prefix));
  const pages = list([d.page], '/jeu/hors-ligne').filter((u) => u.pathname === '/jeu/hors-ligne');
  const files = list(d.files, '/static/');
  const images = list(d.images, IMAGES);
  const port = event.ports && event.ports[0];
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all([
    Promise.all(pages.concat(files).map((u) => c.add(u.href).catch(() => null))),
    Promise.all(images.map((u) => c.match(u.href).then((hit) => hit || c.add(u.href).then(() => true)).catch(() => null))),
  ])).then(([, kept]) => { if (port) port.postMessage({ kept: kept.filter((r) => r !== null).length }); }));
});
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  // A card's image never changes (an edit makes a new card): the cache first.
  if (event.request.method === 'GET' && url.origin === self.location.origin && url.pathname.startsWith(IMAGES)) {
    event.respondWith(caches.open(CACHE).then((c) => c.match(event.request).then((hit) => hit ||
      fetch(event.request).then((res) => { if (res.ok) c.put(event.request, res.clone()); return res; }))));
    return;
  }
  const kept = event.request.method === 'GET' && url.origin === self.location.origin &&
    (url.pathname === '/jeu/hors-ligne' || url.pathname.startsWith('/static/'));
  if (!kept) return;
  event.respondWith(fetch(event.request).then((res) => {
    if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(event.request, copy)); }
    return res;
  }).catch(() => caches.match(event.request, { ignoreSearch: url.pathname.startsWith('/static/') })));
});
)JS";
  http::Response res;
  res.body = kWorker;
  res.set_header("Content-Type", "text/javascript; charset=utf-8");
  res.set_header("Cache-Control", "no-cache");
  return res;
}

// ---- Decks (game.edit)

CardInput input_of(const http::Form& f) {
  return {f.get("kind"), f.get("text"), f.get("answer_kind"), f.get("answer"), f.get("move")};
}

Data card_form(Context& ctx, const CardInput& in) {
  Data d{Data::type::object};
  Data kinds{Data::type::list};
  for (const char* k : kKinds) {
    Data o{Data::type::object};
    o.set("value", k);
    o.set("label", kind_label(ctx, k));
    o.set("selected", web::flag(in.kind == k));
    kinds.push_back(o);
  }
  d.set("kinds", kinds);
  d.set("f_text", in.text);
  d.set("f_answer", in.answer);
  d.set("f_move", in.move);
  d.set("ak_prompt", web::flag(in.answer_kind == "prompt"));
  d.set("ak_answer", web::flag(in.answer_kind != "prompt"));
  return d;
}

http::Response decks_page(Context& ctx, Service& service, const Outcome& outcome = Outcome::success(),
                          int status = 200) {
  Data data{Data::type::object};
  Data decks{Data::type::list};
  for (const auto& d : service.decks()) {
    Data o{Data::type::object};
    o.set("url", deck_url(d.id));
    o.set("name", d.name);
    o.set("starter", web::flag(d.starter));
    o.set("version", ctx.t("game.decks.version", {{"n", std::to_string(d.version_number)}}));
    o.set("cards", ctx.t("game.decks.cards", {{"n", std::to_string(d.cards)}}));
    decks.push_back(o);
  }
  data.set("decks", decks);
  data.set("f_name", ctx.form.get("name"));
  web::set_error(data, ctx, outcome);
  return ctx.render("mediation/game/decks", data, ctx.t("game.decks.title"), status);
}

http::Response deck_page(Context& ctx, Service& service, long long id, const CardInput& in,
                         const Outcome& outcome = Outcome::success(), int status = 200) {
  std::string kind = ctx.req.query_param("type").value_or("");
  if (!known_kind(kind)) kind.clear();
  auto v = service.deck_cards(id, kind, static_cast<int>(web::page_param(ctx.req)));
  if (!v) return ctx.error(404);
  Data data = card_form(ctx, in);
  data.set("name", v->deck.name);
  data.set("url", deck_url(id));
  data.set("summary", ctx.t("game.decks.version", {{"n", std::to_string(v->deck.version_number)}}) + " — " +
                          ctx.t("game.decks.cards", {{"n", std::to_string(v->deck.cards)}}));
  Data filters{Data::type::list};
  for (const char* k : kKinds) {
    Data o{Data::type::object};
    o.set("value", k);
    o.set("label", kind_label(ctx, k));
    o.set("selected", web::flag(kind == k));
    filters.push_back(o);
  }
  data.set("filters", filters);
  data.set("filtered", web::flag(!kind.empty()));
  if (!kind.empty())
    data.set("filter_summary",
             ctx.t("game.cards.filter_summary", {{"kind", kind_label(ctx, kind)}, {"n", std::to_string(v->total)}}));
  data.set("pagination", web::pagination(ctx, v->page, Service::kPerPage, v->total,
                                         deck_url(id) + "?" + (kind.empty() ? "" : "type=" + kind + "&")));
  Data cards{Data::type::list};
  for (const auto& c : v->items) {
    Data d = card_data(ctx, c, true);
    d.set("edit_url", deck_url(id) + "/cartes/" + std::to_string(c.id));
    d.set("position", std::to_string(c.position));
    cards.push_back(d);
  }
  data.set("cards", cards);
  data.set("start", std::to_string((v->page - 1) * Service::kPerPage + 1));
  data.set("empty", web::flag(v->items.empty()));
  web::set_error(data, ctx, outcome);
  return ctx.render("mediation/game/deck", data, v->deck.name, status);
}

http::Response card_page(Context& ctx, Service& service, long long id, long long card_id, const CardInput* typed,
                         const Outcome& outcome = Outcome::success(), int status = 200) {
  auto v = service.deck(id);
  if (!v) return ctx.error(404);
  const Card* card = nullptr;
  for (const auto& c : v->cards)
    if (c.id == card_id) card = &c;
  if (!card) return ctx.error(404);
  CardInput in =
      typed ? *typed : CardInput{card->kind, card->text, card->answer_kind, card->answer, std::to_string(card->move)};
  Data data = card_form(ctx, in);
  data.set("deck", v->deck.name);
  data.set("deck_url", deck_url(id));
  data.set("action", deck_url(id) + "/cartes/" + std::to_string(card_id));
  data.set("card", card_data(ctx, *card, true));
  web::set_error(data, ctx, outcome);
  return ctx.render("mediation/game/card", data, ctx.t("game.cards.edit_title"), status);
}

std::string upload(Context& ctx) {
  const http::Part* file = ctx.file("image");
  return file ? file->data : std::string();
}

http::Response printable(Context& ctx, Service& service, long long id) {
  auto v = service.deck(id);
  if (!v) return ctx.error(404);
  std::vector<docs::PrintCard> cards;
  std::vector<std::string> pictures;
  for (const auto& c : v->cards) {
    std::string footer =
        ctx.t("game.cards.answer_kinds." + c.answer_kind) + " : " + c.answer + "\n" + move_text(ctx, c.move);
    cards.push_back({kind_label(ctx, c.kind), c.text, footer});
    pictures.push_back(c.image_type.empty() ? std::string() : service.print_picture(c.id));
  }
  std::string title =
      ctx.t("game.print.title", {{"name", v->deck.name}, {"version", std::to_string(v->deck.version_number)}});
  http::Response res;
  res.body = docs::card_sheet(title, cards, pictures);
  res.set_header("Content-Type", "application/pdf");
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + docs::pdf_file_name({"par-ici-la-sortie", v->deck.name}) + "\"");
  res.set_header("Cache-Control", "private, no-store");
  return res;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  // Mediators (game.play): start a game, lead it from a phone.
  app.get("/jeu", web::perm::game_play, [&service](Context& ctx) { return home_page(ctx, service); });
  app.post("/jeu/parties", web::perm::game_play, [&service](Context& ctx) {
    std::string code;
    auto outcome = service.start(web::actor_of(ctx), ctx.me(), ctx.form.get("deck"), ctx.form.get("teams"), code);
    return web::finish_with(ctx, outcome, "game.start.done", {{"code", code}}, game_url(code),
                            [&](const Outcome& o, int status) { return home_page(ctx, service, o, status); });
  });
  app.get("/jeu/parties/{code}", web::perm::game_play,
          [&service](Context& ctx) { return game_page(ctx, service, ctx.req.params.at("code")); });
  app.post("/jeu/parties/{code}/tirage", web::perm::game_play, [&service](Context& ctx) {
    std::string code = ctx.req.params.at("code");
    auto outcome = service.draw(web::actor_of(ctx), ctx.me(), code);
    return web::finish(ctx, outcome, "", game_url(code) + "#carte", web::back_to(ctx, game_url(code)));
  });
  app.post("/jeu/parties/{code}/jouer", web::perm::game_play, [&service](Context& ctx) {
    std::string code = ctx.req.params.at("code");
    auto outcome = service.play(web::actor_of(ctx), ctx.me(), code, ctx.form.get("apply") == "1");
    return web::finish(ctx, outcome, "", game_url(code), web::back_to(ctx, game_url(code)));
  });
  app.post("/jeu/parties/{code}/deplacement", web::perm::game_play, [&service](Context& ctx) {
    std::string code = ctx.req.params.at("code");
    auto outcome = service.move(web::actor_of(ctx), ctx.me(), code, ctx.form.get("team"), ctx.form.get("steps"));
    return web::finish(ctx, outcome, "", game_url(code), web::back_to(ctx, game_url(code)));
  });

  app.post("/jeu/parties/{code}/synchro", web::perm::game_play, [&service](Context& ctx) {
    std::string code = ctx.req.params.at("code");
    long long base = 0;
    std::vector<SyncMove> moves;
    SyncState reached;
    if (!parse_sync(ctx.form, base, moves, reached)) moves.clear();  // refused after the game's look-up
    auto outcome = service.sync(web::actor_of(ctx), ctx.me(), code, base, moves, reached);
    return web::finish(ctx, outcome, "game.sync.applied", game_url(code), web::back_to(ctx, game_url(code)));
  });

  // The board (no account): join by code, the board, its state and its events; the offline board.
  app.get("/jeu/plateau", web::perm::public_access, [](Context& ctx) {
    auto code = ctx.req.query_param("code");
    if (code && !code->empty()) {
      std::string c = normalise_code(*code);
      if (code_shape(c)) return ctx.redirect("/jeu/plateau/" + c);
    }
    Data data{Data::type::object};
    data.set("f_code", code.value_or(""));
    data.set("error", web::flag(code && !code->empty()));
    return ctx.render("mediation/game/join", data, ctx.t("game.join.title"), code && !code->empty() ? 422 : 200);
  });
  app.get("/jeu/plateau/{code}", web::perm::public_access,
          [&service](Context& ctx) { return board_page(ctx, service); });
  app.get("/jeu/plateau/{code}/etat", web::perm::public_access, [&service](Context& ctx) {
    http::Response refused;
    auto v = board_game(ctx, service, refused);
    if (!v) return refused;
    auto res = http::Response::json(state_json(ctx, *v));
    res.set_header("Cache-Control", "no-store");
    return res;
  });
  app.get("/jeu/plateau/{code}/image", web::perm::public_access, [&service](Context& ctx) {
    http::Response refused;
    auto v = board_game(ctx, service, refused);
    if (!v) return refused;
    if (!v->card || v->card->image_type.empty()) return ctx.error(404);
    auto [type, bytes] = service.image(v->card->id);
    if (type.empty()) return ctx.error(404);
    std::string sha = web::sha256_hex(bytes);
    return web::stored_picture(ctx, type, std::move(bytes), sha, 3600);
  });
  app.get("/jeu/plateau/{code}/evenements", web::perm::public_access,
          [&service](Context& ctx) { return events_answer(ctx, service); });
  app.get("/jeu/hors-ligne", web::perm::public_access, [&service](Context& ctx) { return offline_page(ctx, service); });
  app.get("/jeu/sw.js", web::perm::public_access, [](Context&) { return service_worker(); });
  app.get("/jeu/hors-ligne/cartes/{card:int}/image", web::perm::public_access, [&service](Context& ctx) {
    auto [type, bytes] = service.current_image(ctx.req.int_param("card"));
    if (type.empty()) return ctx.error(404);
    std::string sha = web::sha256_hex(bytes);
    return web::stored_picture(ctx, type, std::move(bytes), sha, 86400);
  });

  // Card images (the mediator's view and the decks' pages).
  app.get("/jeu/cartes/{card:int}/image", web::perm::game_play, [&service](Context& ctx) {
    auto [type, bytes] = service.image(ctx.req.int_param("card"));
    if (type.empty()) return ctx.error(404);
    std::string sha = web::sha256_hex(bytes);
    return web::stored_picture(ctx, type, std::move(bytes), sha, 3600);
  });

  // The decks (game.edit); the printable deck (game.play).
  app.get("/jeu/paquets", web::perm::game_edit, [&service](Context& ctx) { return decks_page(ctx, service); });
  app.post("/jeu/paquets", web::perm::game_edit, [&service](Context& ctx) {
    auto outcome = service.create_deck(web::actor_of(ctx), ctx.form.get("name"));
    return web::finish(ctx, outcome, "game.decks.created", deck_url(outcome.id),
                       [&](const Outcome& o, int status) { return decks_page(ctx, service, o, status); });
  });
  app.get("/jeu/paquets/{id:int}", web::perm::game_edit, [&service](Context& ctx) {
    return deck_page(ctx, service, ctx.req.int_param("id"), CardInput{"culture", "", "answer", "", "1"});
  });
  app.post("/jeu/paquets/{id:int}/cartes", web::perm::game_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    CardInput in = input_of(ctx.form);
    auto outcome = service.add_card(web::actor_of(ctx), id, in, upload(ctx));
    return web::finish(ctx, outcome, "game.cards.added", deck_url(id),
                       [&](const Outcome& o, int status) { return deck_page(ctx, service, id, in, o, status); });
  });
  app.get("/jeu/paquets/{id:int}/cartes/{card:int}", web::perm::game_edit, [&service](Context& ctx) {
    return card_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("card"), nullptr);
  });
  app.post("/jeu/paquets/{id:int}/cartes/{card:int}", web::perm::game_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id"), card = ctx.req.int_param("card");
    CardInput in = input_of(ctx.form);
    auto outcome = service.update_card(web::actor_of(ctx), id, card, in, upload(ctx));
    return web::finish(ctx, outcome, "game.cards.updated", deck_url(id),
                       [&](const Outcome& o, int status) { return card_page(ctx, service, id, card, &in, o, status); });
  });
  app.post("/jeu/paquets/{id:int}/cartes/{card:int}/suppression", web::perm::game_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.remove_card(web::actor_of(ctx), id, ctx.req.int_param("card"));
    return web::finish(ctx, outcome, "game.cards.removed", deck_url(id), web::back_to(ctx, deck_url(id)));
  });
  app.get("/jeu/paquets/{id:int}/cartes.pdf", web::perm::game_play,
          [&service](Context& ctx) { return printable(ctx, service, ctx.req.int_param("id")); });
}

}  // namespace trame::mediation::game
