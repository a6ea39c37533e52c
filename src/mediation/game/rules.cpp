#include <algorithm>
#include <cctype>
#include <cstring>

#include "mediation/game/model.hpp"

namespace trame::mediation::game {

bool known_kind(const std::string& kind) {
  return std::any_of(kKinds.begin(), kKinds.end(), [&](const char* k) { return kind == k; });
}

bool parse_move(const std::string& text, int& move) {
  std::string t;
  for (char c : text)
    if (c != ' ') t += c;
  if (t.empty() || t.size() > 2) return false;
  int sign = 1;
  std::size_t i = 0;
  if (t[0] == '+' || t[0] == '-') {
    sign = t[0] == '-' ? -1 : 1;
    i = 1;
  }
  if (i + 1 != t.size() || t[i] < '0' || t[i] > '9') return false;
  int n = sign * (t[i] - '0');
  if (n < -kMaxMove || n > kMaxMove) return false;
  move = n;
  return true;
}

std::vector<std::string> team_names(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    auto blank = [](unsigned char c) { return std::isspace(c) != 0; };
    while (!line.empty() && blank(static_cast<unsigned char>(line.back()))) line.pop_back();
    std::size_t first = 0;
    while (first < line.size() && blank(static_cast<unsigned char>(line[first]))) ++first;
    line.erase(0, first);
    if (!line.empty()) out.push_back(line);
    start = end + 1;
  }
  return out;
}

std::string normalise_code(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool code_shape(const std::string& code) {
  if (code.size() != kCodeLength) return false;
  return std::all_of(code.begin(), code.end(), [](char c) { return c != '\0' && std::strchr(kCodeAlphabet, c); });
}

void apply_move(Game& g, int team, int steps) {
  if (g.status != "playing" || team < 0 || team >= static_cast<int>(g.teams.size())) return;
  Team& t = g.teams[static_cast<std::size_t>(team)];
  t.square = std::clamp(t.square + steps, 0, g.track);
  if (t.square >= g.track) {
    g.status = "won";
    g.winner = team;
    return;
  }
  g.turn = (team + 1) % static_cast<int>(g.teams.size());
}

std::vector<long long> drawn_ids(const std::string& drawn) {
  std::vector<long long> out;
  long long n = 0;
  bool any = false;
  for (char c : drawn + ",") {
    if (c >= '0' && c <= '9') {
      n = n * 10 + (c - '0');
      any = true;
    } else {
      if (any) out.push_back(n);
      n = 0;
      any = false;
    }
  }
  return out;
}

}  // namespace trame::mediation::game
