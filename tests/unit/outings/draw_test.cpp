// The draw's ordering rule: fewer prior outings first, then sha256(seed ":" booking id), then id.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "outings/bookings/queue.hpp"
#include "platform/web/crypto.hpp"

using trame::bookings::DrawEntry;
using trame::bookings::order_draw;

namespace {

std::vector<DrawEntry> entries(const std::vector<std::pair<long long, long long>>& id_prior) {
  std::vector<DrawEntry> out;
  for (auto [id, prior] : id_prior) {
    DrawEntry e;
    e.booking_id = id;
    e.prior_outings = prior;
    out.push_back(e);
  }
  return out;
}

}  // namespace

TEST(Draw, FewerPriorOutingsComeFirst) {
  trame::web::init_crypto();
  auto list = entries({{1, 3}, {2, 0}, {3, 1}, {4, 0}, {5, 2}});
  order_draw("seed-a", list);
  ASSERT_EQ(list.size(), 5u);
  for (std::size_t i = 1; i < list.size(); ++i) EXPECT_LE(list[i - 1].prior_outings, list[i].prior_outings);
  for (std::size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i].rank, static_cast<long long>(i + 1));
  EXPECT_EQ(list.back().booking_id, 1);
}

TEST(Draw, TieBreakIsTheSeededHash) {
  trame::web::init_crypto();
  auto list = entries({{10, 0}, {11, 0}, {12, 0}, {13, 0}});
  order_draw("graine", list);
  for (const auto& e : list) EXPECT_EQ(e.key, trame::web::sha256_hex("graine:" + std::to_string(e.booking_id)));
  for (std::size_t i = 1; i < list.size(); ++i) EXPECT_LT(list[i - 1].key, list[i].key);
}

TEST(Draw, SameSeedSameOrderWhateverTheInputOrder) {
  trame::web::init_crypto();
  auto a = entries({{1, 0}, {2, 1}, {3, 0}, {4, 1}, {5, 0}, {6, 0}});
  auto b = a;
  std::reverse(b.begin(), b.end());
  order_draw("s", a);
  order_draw("s", b);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].booking_id, b[i].booking_id);
}

TEST(Draw, DifferentSeedsShuffleDifferently) {
  trame::web::init_crypto();
  std::vector<std::pair<long long, long long>> ids;
  for (long long i = 1; i <= 20; ++i) ids.push_back({i, 0});
  auto a = entries(ids), b = entries(ids);
  order_draw("first", a);
  order_draw("second", b);
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) differs = differs || a[i].booking_id != b[i].booking_id;
  EXPECT_TRUE(differs);
}

TEST(Draw, EachRequestEquallyLikelyFirstAmongEquals) {
  // Over many seeds, each of 4 equal requests comes first about a quarter of the time.
  trame::web::init_crypto();
  std::map<long long, int> first;
  for (int s = 0; s < 2000; ++s) {
    auto list = entries({{1, 0}, {2, 0}, {3, 0}, {4, 0}});
    order_draw("seed-" + std::to_string(s), list);
    ++first[list.front().booking_id];
  }
  for (long long id = 1; id <= 4; ++id) {
    EXPECT_GT(first[id], 400) << id;
    EXPECT_LT(first[id], 600) << id;
  }
}

TEST(Draw, NoteRoundTrips) {
  long long rank = 0, prior = 0;
  ASSERT_TRUE(trame::bookings::parse_draw_note(trame::bookings::draw_note(7, 2), rank, prior));
  EXPECT_EQ(rank, 7);
  EXPECT_EQ(prior, 2);
  EXPECT_FALSE(trame::bookings::parse_draw_note("declined", rank, prior));
}
