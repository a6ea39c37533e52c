// The home page composed of blocks (docs/website.md « Home page »): which blocks show, in which order,
// with which heading, the presentation's text, and what the blocks read from the rest of the platform.
#pragma once
#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "website/quotes/model.hpp"

namespace trame::website::home {

// The kinds of block, one row each in website_home_blocks (migration 0067).
inline constexpr std::array<std::string_view, 6> kKinds = {"presentation", "trainings", "events",
                                                           "directory",    "quotes",    "figures"};
inline constexpr std::size_t kMaxTitle = 120;
inline constexpr std::size_t kMaxBody = 4000;
inline constexpr long long kMaxItems = 12;

struct Block {
  long long id = 0;
  std::string kind;
  long long position = 0;
  bool enabled = true;
  std::string title;  // '' : the block's default heading
  std::string body;   // markdown (the presentation only)
  long long items = 3;
  long long updated_at = 0;
};

// What the administration form sends for one block, kept as typed so that a refused form shows it back.
struct BlockInput {
  std::string title, body, items;
};

// A featured quote, from the quotes module (a source set at wiring); the home page shows nothing without it.
using QuoteView = quotes::QuoteView;
using QuoteSource = std::function<std::vector<QuoteView>(int n)>;

// The public directory block: the organisations listed publicly, in total and for the two kinds the
// network is made of.
struct DirectoryCounts {
  long long listed = 0, social = 0, cultural = 0;
};

// Figures of the current calendar year (Paris), computed from the data, never typed.
struct Figures {
  int year = 0;
  long long sessions_held = 0;   // training sessions with a half-day held this year
  long long trainee_hours = 0;   // hours of presence recorded on the attendance sheets this year
  long long places_used = 0;     // outing places used this year
  long long people_reached = 0;  // distinct people supported who came to an outing this year
  long long partners = 0;        // active organisations in an active partnership
  long long events_held = 0;     // network events that took place this year (not cancelled)
  bool empty() const {
    return sessions_held == 0 && trainee_hours == 0 && places_used == 0 && people_reached == 0 && partners == 0 &&
           events_held == 0;
  }
};

}  // namespace trame::website::home
