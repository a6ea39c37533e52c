#include "mediation/game/repository.hpp"

#include "platform/store/bytes.hpp"
#include "platform/store/row.hpp"
#include "platform/store/row_lock.hpp"

namespace trame::mediation::game {

namespace {

constexpr const char* kDeckColumns =
    "d.id, d.name, d.starter, d.current_version, COALESCE(v.number, 0), "
    "(SELECT COUNT(*) FROM game_cards c WHERE c.version_id = d.current_version), d.updated_at "
    "FROM game_decks d LEFT JOIN game_deck_versions v ON v.id = d.current_version ";

Deck deck_of(const soci::row& r) {
  Deck d;
  d.id = store::as_id(r, 0);
  d.name = store::as_text(r, 1);
  d.starter = static_cast<int>(store::as_id(r, 2)) != 0;
  d.current_version = store::as_id(r, 3);
  d.version_number = store::as_id(r, 4);
  d.cards = store::as_id(r, 5);
  d.updated_at = store::as_id(r, 6);
  return d;
}

constexpr const char* kCardColumns =
    "id, version_id, position, kind, text, answer_kind, answer, move, image_type FROM game_cards ";

Card card_of(const soci::row& r) {
  Card c;
  c.id = store::as_id(r, 0);
  c.version_id = store::as_id(r, 1);
  c.position = static_cast<int>(store::as_id(r, 2));
  c.kind = store::as_text(r, 3);
  c.text = store::as_text(r, 4);
  c.answer_kind = store::as_text(r, 5);
  c.answer = store::as_text(r, 6);
  c.move = static_cast<int>(store::as_id(r, 7));
  c.image_type = store::as_text(r, 8);
  return c;
}

constexpr const char* kGameColumns =
    "g.id, g.code, g.deck_id, g.version_id, g.mediator_id, d.name, g.track, g.turn, g.status, g.winner, g.card_id, "
    "g.drawn, g.seq, g.last_event, g.created_at, g.updated_at, g.expires_at "
    "FROM game_games g JOIN game_decks d ON d.id = g.deck_id ";

Game game_of(const soci::row& r) {
  Game g;
  g.id = store::as_id(r, 0);
  g.code = store::as_text(r, 1);
  g.deck_id = store::as_id(r, 2);
  g.version_id = store::as_id(r, 3);
  g.mediator_id = store::as_id(r, 4);
  g.deck_name = store::as_text(r, 5);
  g.track = static_cast<int>(store::as_id(r, 6));
  g.turn = static_cast<int>(store::as_id(r, 7));
  g.status = store::as_text(r, 8);
  g.winner = static_cast<int>(store::as_id(r, 9));
  g.card_id = store::as_id(r, 10);
  g.drawn = store::as_text(r, 11);
  g.seq = store::as_id(r, 12);
  g.last_event = store::as_text(r, 13);
  g.created_at = store::as_id(r, 14);
  g.updated_at = store::as_id(r, 15);
  g.expires_at = store::as_id(r, 16);
  return g;
}

std::vector<Team> teams_of(soci::session& sql, long long game_id) {
  std::vector<Team> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT position, name, square FROM game_teams WHERE game_id = :g ORDER BY position",
       soci::use(game_id));
  for (const auto& r : rows)
    out.push_back({static_cast<int>(store::as_id(r, 0)), store::as_text(r, 1), static_cast<int>(store::as_id(r, 2))});
  return out;
}

}  // namespace

std::vector<Deck> Repository::decks(soci::session& sql) const {
  std::vector<Deck> out;
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kDeckColumns << "ORDER BY d.starter DESC, d.name, d.id");
  for (const auto& r : rows) out.push_back(deck_of(r));
  return out;
}

std::optional<Deck> Repository::deck(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kDeckColumns << "WHERE d.id = :id", soci::use(id));
  for (const auto& r : rows) return deck_of(r);
  return std::nullopt;
}

long long Repository::insert_deck(soci::session& sql, const std::string& name, long long by, long long now) const {
  long long id = 0;
  sql << "INSERT INTO game_decks (name, created_by, created_at, updated_at) VALUES (:n, :b, :c, :u) RETURNING id",
      soci::use(name), soci::use(by), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

long long Repository::new_version(soci::session& sql, long long deck_id, long long by, long long now) const {
  long long id = 0;
  sql << "INSERT INTO game_deck_versions (deck_id, number, created_by, created_at) VALUES (:d, "
         "(SELECT COALESCE(MAX(number), 0) + 1 FROM game_deck_versions WHERE deck_id = :d2), :b, :n) RETURNING id",
      soci::use(deck_id), soci::use(deck_id), soci::use(by), soci::use(now), soci::into(id);
  sql << "UPDATE game_decks SET current_version = :v, updated_at = :n WHERE id = :d", soci::use(id), soci::use(now),
      soci::use(deck_id);
  return id;
}

void Repository::hold_deck(soci::session& sql, long long deck_id) const {
  store::lock_row(sql, "game_decks", deck_id);
}

std::vector<Card> Repository::cards(soci::session& sql, long long version_id) const {
  std::vector<Card> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kCardColumns << "WHERE version_id = :v ORDER BY position, id",
       soci::use(version_id));
  for (const auto& r : rows) out.push_back(card_of(r));
  return out;
}

std::optional<Card> Repository::card(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kCardColumns << "WHERE id = :id", soci::use(id));
  for (const auto& r : rows) return card_of(r);
  return std::nullopt;
}

std::vector<Card> Repository::cards_page(soci::session& sql, long long version_id, const std::string& kind, int limit,
                                         int offset) const {
  std::vector<Card> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kCardColumns
                   << "WHERE version_id = :v AND (:k = '' OR kind = :k2) ORDER BY position, id LIMIT "
                   << std::to_string(limit) << " OFFSET " << std::to_string(offset),
       soci::use(version_id), soci::use(kind), soci::use(kind));
  for (const auto& r : rows) out.push_back(card_of(r));
  return out;
}

long long Repository::count_cards(soci::session& sql, long long version_id, const std::string& kind) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM game_cards WHERE version_id = :v AND (:k = '' OR kind = :k2)", soci::use(version_id),
      soci::use(kind), soci::use(kind), soci::into(n);
  return n;
}

long long Repository::copy_cards(soci::session& sql, long long from, long long to, long long skip) const {
  soci::statement st =
      (sql.prepare << "INSERT INTO game_cards (version_id, position, kind, text, answer_kind, answer, move, "
                      "image_type, image) SELECT :to, position, kind, text, answer_kind, answer, move, image_type, "
                      "image FROM game_cards WHERE version_id = :from AND id <> :skip ORDER BY position, id",
       soci::use(to), soci::use(from), soci::use(skip));
  st.execute(true);
  long long n = st.get_affected_rows();
  // Positions 1..n again (a removed card leaves no gap).
  std::vector<long long> ids;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id FROM game_cards WHERE version_id = :v ORDER BY position, id", soci::use(to));
  for (const auto& r : rows) ids.push_back(store::as_id(r, 0));
  int position = 0;
  for (long long id : ids) {
    ++position;
    sql << "UPDATE game_cards SET position = :p WHERE id = :id", soci::use(position), soci::use(id);
  }
  return n;
}

long long Repository::insert_card(soci::session& sql, const Card& c, const std::string& image,
                                  long long position) const {
  long long id = 0;
  long long at = position;
  if (at <= 0) {
    sql << "SELECT COALESCE(MAX(position), 0) + 1 FROM game_cards WHERE version_id = :v", soci::use(c.version_id),
        soci::into(at);
  }
  std::string hex = store::to_hex(image);
  sql << "INSERT INTO game_cards (version_id, position, kind, text, answer_kind, answer, move, image_type, image) "
         "VALUES (:v, :p, :k, :t, :ak, :a, :m, :it, decode(:i, 'hex')) RETURNING id",
      soci::use(c.version_id), soci::use(at), soci::use(c.kind), soci::use(c.text), soci::use(c.answer_kind),
      soci::use(c.answer), soci::use(c.move), soci::use(c.image_type), soci::use(hex), soci::into(id);
  return id;
}

long long Repository::card_at(soci::session& sql, long long version_id, int position) const {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MIN(id) FROM game_cards WHERE version_id = :v AND position = :p", soci::use(version_id),
      soci::use(position), soci::into(id, ind);
  return ind == soci::i_ok ? id : 0;
}

void Repository::update_card(soci::session& sql, const Card& c, const std::string& image) const {
  sql << "UPDATE game_cards SET kind = :k, text = :t, answer_kind = :ak, answer = :a, move = :m WHERE id = :id",
      soci::use(c.kind), soci::use(c.text), soci::use(c.answer_kind), soci::use(c.answer), soci::use(c.move),
      soci::use(c.id);
  if (!c.image_type.empty()) {
    std::string hex = store::to_hex(image);
    sql << "UPDATE game_cards SET image_type = :it, image = decode(:i, 'hex') WHERE id = :id", soci::use(c.image_type),
        soci::use(hex), soci::use(c.id);
  }
}

std::pair<std::string, std::string> Repository::image(soci::session& sql, long long card_id) const {
  std::string type, hex;
  sql << "SELECT image_type, encode(image, 'hex') FROM game_cards WHERE id = :id", soci::use(card_id), soci::into(type),
      soci::into(hex);
  if (!sql.got_data() || type.empty()) return {"", ""};
  return {type, store::from_hex(hex)};
}

std::pair<std::string, std::string> Repository::current_image(soci::session& sql, long long card_id) const {
  std::string type, hex;
  sql << "SELECT c.image_type, encode(c.image, 'hex') FROM game_cards c JOIN game_decks d ON d.current_version = "
         "c.version_id WHERE c.id = :id",
      soci::use(card_id), soci::into(type), soci::into(hex);
  if (!sql.got_data() || type.empty()) return {"", ""};
  return {type, store::from_hex(hex)};
}

bool Repository::code_taken(soci::session& sql, const std::string& code) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM game_games WHERE code = :c", soci::use(code), soci::into(n);
  return n > 0;
}

long long Repository::insert_game(soci::session& sql, const Game& g) const {
  long long id = 0;
  sql << "INSERT INTO game_games (code, deck_id, version_id, mediator_id, track, created_at, updated_at, expires_at, "
         "last_event) VALUES (:c, :d, :v, :m, :t, :n, :n2, :e, :l) RETURNING id",
      soci::use(g.code), soci::use(g.deck_id), soci::use(g.version_id), soci::use(g.mediator_id), soci::use(g.track),
      soci::use(g.created_at), soci::use(g.created_at), soci::use(g.expires_at), soci::use(g.last_event),
      soci::into(id);
  return id;
}

void Repository::insert_team(soci::session& sql, long long game_id, const Team& t) const {
  sql << "INSERT INTO game_teams (game_id, position, name, square) VALUES (:g, :p, :n, :s)", soci::use(game_id),
      soci::use(t.position), soci::use(t.name), soci::use(t.square);
}

std::optional<Game> Repository::game(soci::session& sql, const std::string& code) const {
  std::optional<Game> out;
  {
    soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kGameColumns << "WHERE g.code = :c", soci::use(code));
    for (const auto& r : rows) {
      out = game_of(r);
      break;
    }
  }
  if (out) out->teams = teams_of(sql, out->id);
  return out;
}

void Repository::hold_game(soci::session& sql, long long game_id) const {
  store::lock_row(sql, "game_games", game_id);
}

void Repository::save_game(soci::session& sql, const Game& g, long long now) const {
  sql << "UPDATE game_games SET turn = :t, status = :s, winner = :w, card_id = :c, drawn = :d, seq = seq + 1, "
         "last_event = :l, updated_at = :n WHERE id = :id",
      soci::use(g.turn), soci::use(g.status), soci::use(g.winner), soci::use(g.card_id), soci::use(g.drawn),
      soci::use(g.last_event), soci::use(now), soci::use(g.id);
  for (const auto& t : g.teams) {
    sql << "UPDATE game_teams SET square = :s WHERE game_id = :g AND position = :p", soci::use(t.square),
        soci::use(g.id), soci::use(t.position);
  }
}

std::vector<Game> Repository::games_of(soci::session& sql, long long mediator_id, long long now, int limit) const {
  std::vector<Game> out;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kGameColumns
                     << "WHERE g.mediator_id = :m AND g.expires_at > :n ORDER BY g.created_at DESC, g.id DESC LIMIT :l",
         soci::use(mediator_id), soci::use(now), soci::use(limit));
    for (const auto& r : rows) out.push_back(game_of(r));
  }
  for (auto& g : out) g.teams = teams_of(sql, g.id);
  return out;
}

long long Repository::purge(soci::session& sql, long long now) const {
  sql << "DELETE FROM game_teams WHERE game_id IN (SELECT id FROM game_games WHERE expires_at <= :n)", soci::use(now);
  soci::statement st = (sql.prepare << "DELETE FROM game_games WHERE expires_at <= :n", soci::use(now));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace trame::mediation::game
