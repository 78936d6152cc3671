#include "asemdb/base/text.hpp"

#include <algorithm>

namespace asemdb {
namespace {

// Optimal string alignment distance: a swap of two neighbours counts as one
// edit, the commonest typing slip.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

// Short words tolerate fewer slips, or every short word would suggest something.
std::size_t tolerated_edits(const std::string& typed) {
    if (typed.size() <= 4) return 1;
    return typed.size() <= 8 ? 2 : 3;
}

// The one name that begins with `typed`, or else the one name that holds it
// ("roster" for member_roster); none when several do.
std::optional<std::string> only_name_holding(const std::string& typed, const std::vector<std::string>& names) {
    for (const bool at_start : {true, false}) {
        std::optional<std::string> found;
        bool several = false;
        for (const auto& name : names) {
            const auto at = ascii_lower(name).find(typed);
            if (at == std::string::npos || (at_start && at != 0)) continue;
            several = several || found.has_value();
            found = name;
        }
        if (found && !several) return found;
        if (several) return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

std::string ascii_lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lowered;
}

std::optional<std::string> closest_name(const std::string& typed, const std::vector<std::string>& names) {
    const std::string word = ascii_lower(typed);
    if (word.empty()) return std::nullopt;
    std::optional<std::string> best;
    std::size_t best_distance = tolerated_edits(word) + 1;
    bool tied = false;
    for (const auto& name : names) {
        // Also spares the distance table of a long argument that is no name at all.
        const std::size_t length_gap = word.size() > name.size() ? word.size() - name.size() : name.size() - word.size();
        if (length_gap > best_distance) continue;
        const std::size_t distance = edit_distance(word, ascii_lower(name));
        if (distance < best_distance) {
            best = name;
            best_distance = distance;
            tied = false;
        } else if (distance == best_distance && best) {
            tied = true;
        }
    }
    if (best && !tied) return best;
    return word.size() >= 2 ? only_name_holding(word, names) : std::nullopt;
}

}  // namespace asemdb
