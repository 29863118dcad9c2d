import Foundation

/// Names for generated objects: accents, an em dash, CJK and emoji on purpose, so a dashboard
/// meets the text real advertisers type.
enum DemoNames {
    /// Ad group base names.
    static let adGroups = [
        "Hiking boots — Prospecting", "Café crème — Retargeting", "東京 秋セール", "Summer Sale ☀️",
        "Über-light tents", "Señor Picante hot sauce bundles", "Ski season ❄️ — Lookalikes",
        "Trail runners 🏃 — Interests", "北海道 キャンプ", "Crème brûlée camp stove kits",
        "Back to school — Broad", "Kayak & canoe — Keywords", "Rain jackets — Catalog",
        "Zürich pop-up — Local", "Sleeping bags — Retargeting", "Holiday gifts 🎁",
    ]

    /// Audience variants appended to ad group names.
    static let variants = ["US", "CA", "Women 25–34", "Men 35–44", "All ages", "Mobile only"]

    /// Ad creative names.
    static let creatives = [
        "Lifestyle photo", "Product close-up", "Video 15 s", "Carousel ×4", "Idea Pin", "Café au lait mood",
        "ヒーロー画像", "Sunset ☀️ lifestyle", "Before — after", "UGC review",
    ]

    /// Targeting locales and regions, cycled per ad group.
    static let geos = [["US"], ["CA"], ["US", "CA"], ["JP"], ["FR", "BE"], ["DE", "AT", "CH"]]
}
