#include "mediation/game/service.hpp"

#include <algorithm>
#include <random>
#include <set>

#include "platform/docs/image.hpp"
#include "platform/store/rate_limits.hpp"

namespace trame::mediation::game {

namespace {

std::string subject_of(long long id) {
  return "game_deck:" + std::to_string(id);
}

// A move sent back by an offline device that the rules refuse: the whole batch is refused.
[[noreturn]] void bad_sync() {
  roll_back(Outcome::failure("game.sync.errors.moves"));
}

// A uniformly chosen number in [0, n).
std::size_t pick(std::size_t n) {
  std::random_device device;
  std::uniform_int_distribution<std::size_t> dist(0, n - 1);
  return dist(device);
}

std::string new_code() {
  std::string alphabet = kCodeAlphabet;
  std::string code;
  for (std::size_t i = 0; i < kCodeLength; ++i) code += alphabet[pick(alphabet.size())];
  return code;
}

std::string trimmed(const std::string& s) {
  std::size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  std::size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

}  // namespace

std::vector<Deck> Service::decks() {
  return db_.read([&](soci::session& sql) { return repo_.decks(sql); });
}

std::optional<DeckView> Service::deck(long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<DeckView> {
    auto d = repo_.deck(sql, id);
    if (!d) return std::nullopt;
    return DeckView{*d, repo_.cards(sql, d->current_version)};
  });
}

std::vector<Card> Service::cards(long long version_id) {
  return db_.read([&](soci::session& sql) { return repo_.cards(sql, version_id); });
}

std::pair<std::string, std::string> Service::image(long long card_id) {
  return db_.read([&](soci::session& sql) { return repo_.image(sql, card_id); });
}

std::optional<CardPage> Service::deck_cards(long long id, const std::string& kind, int page) {
  std::string k = known_kind(kind) ? kind : std::string();
  return db_.read([&](soci::session& sql) -> std::optional<CardPage> {
    auto d = repo_.deck(sql, id);
    if (!d) return std::nullopt;
    CardPage out{*d, {}, repo_.count_cards(sql, d->current_version, k), 1};
    long long pages = std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage);
    out.page = static_cast<int>(std::clamp<long long>(page, 1, pages));
    out.items = repo_.cards_page(sql, d->current_version, k, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

std::pair<std::string, std::string> Service::current_image(long long card_id) {
  return db_.read([&](soci::session& sql) { return repo_.current_image(sql, card_id); });
}

std::string Service::print_picture(long long card_id) {
  auto [type, bytes] = image(card_id);
  if (type.empty()) return {};
  docs::ImageLimits limits;
  limits.max_width = kPrintPixels;
  limits.max_height = kPrintPixels;
  limits.png_only = true;
  auto img = docs::normalise_image(bytes, limits);
  return img ? img.bytes : std::string();
}

Outcome Service::create_deck(const Actor& actor, const std::string& raw) {
  std::string name = trimmed(raw);
  if (name.empty()) return Outcome::failure("game.decks.errors.name", "name");
  if (name.size() > kNameMax) return Outcome::failure("game.decks.errors.name_long", "name");
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    long long id = repo_.insert_deck(sql, name, actor.id, now);
    repo_.new_version(sql, id, actor.id, now);
    audit_.record(sql, actor, "game.deck.create", subject_of(id), name);
    return Outcome::success(id);
  });
}

Outcome Service::validate(const CardInput& in, Card& c) {
  if (!known_kind(in.kind)) return Outcome::failure("game.cards.errors.kind", "kind");
  c.kind = in.kind;
  c.text = trimmed(in.text);
  if (c.text.empty()) return Outcome::failure("game.cards.errors.text", "text");
  if (c.text.size() > kTextMax) return Outcome::failure("game.cards.errors.text_long", "text");
  if (in.answer_kind != "answer" && in.answer_kind != "prompt")
    return Outcome::failure("game.cards.errors.answer_kind", "answer_kind");
  c.answer_kind = in.answer_kind;
  c.answer = trimmed(in.answer);
  if (c.answer.size() > kTextMax) return Outcome::failure("game.cards.errors.answer_long", "answer");
  if (!parse_move(in.move, c.move)) return Outcome::failure("game.cards.errors.move", "move");
  return Outcome::success();
}

std::pair<std::string, std::string> Service::checked_image(const std::string& bytes) {
  docs::ImageLimits limits;
  limits.max_width = 800;
  limits.max_height = 800;
  auto img = docs::normalise_image(bytes, limits);
  if (!img)
    refuse(img.problem == docs::ImageProblem::too_many_pixels ? "game.cards.errors.image_large"
                                                              : "game.cards.errors.image",
           "image");
  return {img.type, img.bytes};
}

Outcome Service::edit(const Actor& actor, long long deck_id, long long card_id, const CardInput* in,
                      const std::string& image, const char* action) {
  Card c;
  if (in) {
    auto checked = validate(*in, c);
    if (!checked.ok) return checked;
  }
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    repo_.hold_deck(sql, deck_id);
    auto d = repo_.deck(sql, deck_id);
    if (!d) roll_back(Outcome::not_found());
    std::optional<Card> old;
    if (card_id) {
      old = repo_.card(sql, card_id);
      if (!old || old->version_id != d->current_version) roll_back(Outcome::not_found());
    }
    std::string bytes;
    if (in && !image.empty()) std::tie(c.image_type, bytes) = checked_image(image);
    long long version = repo_.new_version(sql, deck_id, actor.id, now);
    // A removed card is left out of the copy; a changed one is copied, then changed.
    bool removing = in == nullptr;
    repo_.copy_cards(sql, d->current_version, version, removing ? card_id : 0);
    long long id = 0;
    if (!card_id) {
      c.version_id = version;
      id = repo_.insert_card(sql, c, bytes, 0);
    } else if (!removing) {
      c.id = repo_.card_at(sql, version, old->position);
      repo_.update_card(sql, c, bytes);
      id = c.id;
    }
    audit_.record(sql, actor, action, subject_of(deck_id),
                  "version " + std::to_string(d->version_number + 1) + (in ? " " + c.kind + " " + c.text : ""));
    return Outcome::success(id);
  });
}

Outcome Service::add_card(const Actor& actor, long long deck_id, const CardInput& in, const std::string& image) {
  return edit(actor, deck_id, 0, &in, image, "game.card.add");
}

Outcome Service::update_card(const Actor& actor, long long deck_id, long long card_id, const CardInput& in,
                             const std::string& image) {
  if (card_id <= 0) return Outcome::not_found();
  return edit(actor, deck_id, card_id, &in, image, "game.card.update");
}

Outcome Service::remove_card(const Actor& actor, long long deck_id, long long card_id) {
  if (card_id <= 0) return Outcome::not_found();
  return edit(actor, deck_id, card_id, nullptr, "", "game.card.remove");
}

// ---- Games

Outcome Service::start(const Actor& actor, const Principal& me, const std::string& deck, const std::string& teams,
                       std::string& code) {
  long long deck_id = 0;
  for (char ch : deck) {
    if (ch < '0' || ch > '9' || deck_id > 1'000'000'000'000LL)
      return Outcome::failure("game.start.errors.deck", "deck");
    deck_id = deck_id * 10 + (ch - '0');
  }
  auto names = team_names(teams);
  if (static_cast<int>(names.size()) < kMinTeams) return Outcome::failure("game.start.errors.few_teams", "teams");
  if (static_cast<int>(names.size()) > kMaxTeams) return Outcome::failure("game.start.errors.many_teams", "teams");
  std::set<std::string> seen;
  for (const auto& n : names) {
    if (n.size() > kTeamNameMax) return Outcome::failure("game.start.errors.team_long", "teams");
    if (!seen.insert(n).second) return Outcome::failure("game.start.errors.team_twice", "teams");
  }
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto d = repo_.deck(sql, deck_id);
    if (!d) refuse("game.start.errors.deck", "deck");
    if (d->cards == 0) refuse("game.start.errors.empty_deck", "deck");
    Game g;
    do {
      g.code = new_code();
    } while (repo_.code_taken(sql, g.code));
    g.deck_id = d->id;
    g.version_id = d->current_version;
    g.mediator_id = me.id;
    g.track = kTrack;
    g.created_at = now;
    g.expires_at = now + kGameLife;
    g.last_event = "start";
    g.id = repo_.insert_game(sql, g);
    for (std::size_t i = 0; i < names.size(); ++i) repo_.insert_team(sql, g.id, {static_cast<int>(i), names[i], 0});
    audit_.record(sql, actor, "game.start", "game:" + std::to_string(g.id),
                  d->name + " v" + std::to_string(d->version_number) + ", " + std::to_string(names.size()) + " teams");
    code = g.code;
    return Outcome::success(g.id);
  });
}

std::optional<GameView> Service::view(const std::string& raw) {
  std::string code = normalise_code(raw);
  if (!code_shape(code)) return std::nullopt;
  long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) -> std::optional<GameView> {
    auto g = repo_.game(sql, code);
    if (!g || g->expires_at <= now) return std::nullopt;
    GameView v{*g, std::nullopt, 0};
    if (g->card_id) v.card = repo_.card(sql, g->card_id);
    v.cards = static_cast<long long>(repo_.cards(sql, g->version_id).size());
    return v;
  });
}

std::optional<GameView> Service::board_view(const std::string& code, const std::string& ip, bool& limited) {
  limited = false;
  auto v = view(code);
  if (v) return v;
  long long now = store::now_seconds();
  bool taken = db_.write([&](soci::session& sql) {
    return store::take_rate(sql, "game.board:" + ip, kBadCodesPerIp, kBadCodeWindow, now);
  });
  limited = !taken;
  return std::nullopt;
}

std::optional<GameView> Service::mediated(const Principal& me, const std::string& code) {
  auto v = view(code);
  if (!v || (v->game.mediator_id != me.id && !me.is_admin())) return std::nullopt;
  return v;
}

std::vector<Game> Service::my_games(const Principal& me) {
  long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) { return repo_.games_of(sql, me.id, now, 20); });
}

template <class F>
Outcome Service::change_game(const Actor& actor, const Principal& me, const std::string& raw, F&& f) {
  std::string code = normalise_code(raw);
  if (!code_shape(code)) return Outcome::not_found();
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto found = repo_.game(sql, code);
    if (!found || found->expires_at <= now || (found->mediator_id != me.id && !me.is_admin()))
      roll_back(Outcome::not_found());
    repo_.hold_game(sql, found->id);
    Game g = *repo_.game(sql, code);  // again, after the lock: another move may have come first
    if (g.status != "playing") roll_back(Outcome::conflict("game.play.errors.over"));
    f(sql, g);
    repo_.save_game(sql, g, now);
    audit_.record(sql, actor, "game." + g.last_event.substr(0, g.last_event.find(':')), "game:" + std::to_string(g.id),
                  g.last_event);
    return Outcome::success(g.id);
  });
}

Outcome Service::draw(const Actor& actor, const Principal& me, const std::string& code) {
  return change_game(actor, me, code, [&](soci::session& sql, Game& g) {
    if (g.card_id) roll_back(Outcome::conflict("game.play.errors.card_waiting"));
    auto cards = repo_.cards(sql, g.version_id);
    if (cards.empty()) roll_back(Outcome::conflict("game.start.errors.empty_deck"));
    auto drawn = drawn_ids(g.drawn);
    std::vector<long long> left;
    for (const auto& c : cards)
      if (std::find(drawn.begin(), drawn.end(), c.id) == drawn.end()) left.push_back(c.id);
    if (left.empty()) {  // every card drawn: shuffled again
      drawn.clear();
      g.drawn.clear();
      for (const auto& c : cards) left.push_back(c.id);
    }
    g.card_id = left[pick(left.size())];
    g.drawn += (g.drawn.empty() ? "" : ",") + std::to_string(g.card_id);
    g.last_event = "draw:" + std::to_string(g.turn);
  });
}

Outcome Service::play(const Actor& actor, const Principal& me, const std::string& code, bool apply) {
  return change_game(actor, me, code, [&](soci::session& sql, Game& g) {
    if (!g.card_id) roll_back(Outcome::conflict("game.play.errors.no_card"));
    auto c = repo_.card(sql, g.card_id);
    int steps = apply && c ? c->move : 0;
    int team = g.turn;
    apply_move(g, team, steps);
    g.card_id = 0;
    g.last_event = "play:" + std::to_string(team) + ":" + std::to_string(steps);
  });
}

Outcome Service::move(const Actor& actor, const Principal& me, const std::string& code, const std::string& team,
                      const std::string& steps) {
  int n = 0;
  if (!parse_move(steps, n) || n == 0) return Outcome::failure("game.play.errors.steps", "steps");
  return change_game(actor, me, code, [&](soci::session&, Game& g) {
    int t = -1;
    for (const auto& tm : g.teams)
      if (std::to_string(tm.position) == team) t = tm.position;
    if (t < 0) refuse("game.play.errors.team", "team");
    int turn = g.turn;
    apply_move(g, t, n);
    if (g.status == "playing") g.turn = turn;  // a correction: the turn stays
    g.last_event = "move:" + std::to_string(t) + ":" + std::to_string(n);
  });
}

Outcome Service::sync(const Actor& actor, const Principal& me, const std::string& code, long long base,
                      const std::vector<SyncMove>& moves, const SyncState& reached) {
  return change_game(actor, me, code, [&](soci::session& sql, Game& g) {
    if (g.seq != base) roll_back(Outcome::conflict("game.sync.errors.changed"));
    if (moves.empty() || moves.size() > kSyncMovesMax) bad_sync();
    auto cards = repo_.cards(sql, g.version_id);
    for (const auto& m : moves) {
      if (g.status != "playing") bad_sync();
      if (m.action == "draw") {
        auto c = std::find_if(cards.begin(), cards.end(), [&](const Card& k) { return k.id == m.card; });
        if (g.card_id || c == cards.end()) bad_sync();
        auto drawn = drawn_ids(g.drawn);
        if (drawn.size() >= cards.size()) g.drawn.clear();  // every card drawn: shuffled again
        else if (std::find(drawn.begin(), drawn.end(), m.card) != drawn.end()) bad_sync();
        g.card_id = m.card;
        g.drawn += (g.drawn.empty() ? "" : ",") + std::to_string(m.card);
      } else if (m.action == "play") {
        auto c = std::find_if(cards.begin(), cards.end(), [&](const Card& k) { return k.id == g.card_id; });
        if (!g.card_id || c == cards.end()) bad_sync();
        apply_move(g, g.turn, m.apply ? c->move : 0);
        g.card_id = 0;
      } else if (m.action == "move") {
        if (m.team < 0 || m.team >= static_cast<int>(g.teams.size()) || m.steps == 0 || m.steps < -kMaxMove ||
            m.steps > kMaxMove)
          bad_sync();
        int turn = g.turn;
        apply_move(g, m.team, m.steps);
        if (g.status == "playing") g.turn = turn;
      } else {
        bad_sync();
      }
    }
    bool same = reached.squares.size() == g.teams.size() && reached.turn == g.turn && reached.status == g.status &&
                reached.winner == g.winner && reached.card == g.card_id;
    for (std::size_t i = 0; same && i < g.teams.size(); ++i) same = reached.squares[i] == g.teams[i].square;
    if (!same) roll_back(Outcome::failure("game.sync.errors.final"));
    g.last_event = "sync:" + std::to_string(moves.size());
  });
}

long long Service::run_due(long long now) {
  return db_.write([&](soci::session& sql) { return repo_.purge(sql, now); });
}

}  // namespace trame::mediation::game
