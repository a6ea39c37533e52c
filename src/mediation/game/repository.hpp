// SQL of « Par Ici la Sortie » (migration 0080: game_decks, game_deck_versions, game_cards, game_games,
// game_teams).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "mediation/game/model.hpp"

namespace trame::mediation::game {

class Repository {
 public:
  // ---- Decks and versions
  std::vector<Deck> decks(soci::session& sql) const;
  std::optional<Deck> deck(soci::session& sql, long long id) const;
  long long insert_deck(soci::session& sql, const std::string& name, long long by, long long now) const;
  // A new version of the deck (number = the last + 1), made current; returns its id.
  long long new_version(soci::session& sql, long long deck_id, long long by, long long now) const;
  // Holds the deck's row until the transaction ends (its versions one after the other).
  void hold_deck(soci::session& sql, long long deck_id) const;

  // ---- Cards
  std::vector<Card> cards(soci::session& sql, long long version_id) const;
  std::optional<Card> card(soci::session& sql, long long id) const;
  // A page of a version's cards in their order, of one type (kind '': all), and how many there are.
  std::vector<Card> cards_page(soci::session& sql, long long version_id, const std::string& kind, int limit,
                               int offset) const;
  long long count_cards(soci::session& sql, long long version_id, const std::string& kind) const;
  // Copies the cards of version `from` into version `to` (images too), but `skip` (0: none); returns how many.
  long long copy_cards(soci::session& sql, long long from, long long to, long long skip) const;
  // Inserts a card at the end of its version (or at `position` when > 0); returns its id.
  long long insert_card(soci::session& sql, const Card& c, const std::string& image, long long position) const;
  // The id of the card of `version_id` at `position` (0: none).
  long long card_at(soci::session& sql, long long version_id, int position) const;
  // Sets a card's fields, and its image when `image_type` is not empty.
  void update_card(soci::session& sql, const Card& c, const std::string& image) const;
  // The image's type and bytes ('' type: none).
  std::pair<std::string, std::string> image(soci::session& sql, long long card_id) const;
  // The same, only for a card of a deck's current version (what the offline board shows; '' type otherwise).
  std::pair<std::string, std::string> current_image(soci::session& sql, long long card_id) const;

  // ---- Games
  bool code_taken(soci::session& sql, const std::string& code) const;
  long long insert_game(soci::session& sql, const Game& g) const;
  void insert_team(soci::session& sql, long long game_id, const Team& t) const;
  std::optional<Game> game(soci::session& sql, const std::string& code) const;
  // Holds the game's row until the transaction ends (moves one after the other).
  void hold_game(soci::session& sql, long long game_id) const;
  // Turn, status, winner, card, drawn, seq (+1), last event, updated_at; the teams' squares.
  void save_game(soci::session& sql, const Game& g, long long now) const;
  // The mediator's games not yet expired, latest first.
  std::vector<Game> games_of(soci::session& sql, long long mediator_id, long long now, int limit) const;
  // Deletes games expired before `now` (with their teams); returns how many.
  long long purge(soci::session& sql, long long now) const;
};

}  // namespace trame::mediation::game
