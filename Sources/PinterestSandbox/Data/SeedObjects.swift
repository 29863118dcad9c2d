import Foundation
import PinterestAds

/// Pinterest's documentation samples, embedded verbatim: the ad group of the "list ad groups"
/// sample response and the "get ad" sample. The demo data serves them unchanged.
enum SeedObjects {
    /// The sample ad group's id.
    static let adGroupID = "2680060704746"
    /// The sample ad's id.
    static let adID = "687195134316"

    /// The sample ad group, as Pinterest documents it.
    static let adGroupJSON = #"""
{
  "name": "Ad Group For Pin: 687195905986",
  "status": "ACTIVE",
  "budget_in_micro_currency": 5000000,
  "bid_in_micro_currency": 5000000,
  "optimization_goal_metadata": {
    "conversion_tag_v3_goal_metadata": {
      "attribution_windows": {
        "click_window_days": 0,
        "engagement_window_days": 0,
        "view_window_days": 0
      },
      "conversion_event": "PAGE_VISIT",
      "conversion_tag_id": "string",
      "cpa_goal_value_in_micro_currency": "string",
      "is_roas_optimized": true,
      "learning_mode_type": "ACTIVE"
    },
    "frequency_goal_metadata": {
      "frequency": 0,
      "timerange": "DAY"
    },
    "scrollup_goal_metadata": {
      "scrollup_goal_value_in_micro_currency": "string"
    }
  },
  "budget_type": "DAILY",
  "start_time": 5686848000,
  "end_time": 5705424000,
  "targeting_spec": {
    "AGE_BUCKET": ["35-44", "50-54"],
    "APPTYPE": ["ipad", "iphone"],
    "AUDIENCE_EXCLUDE": ["string"],
    "AUDIENCE_INCLUDE'": ["string"],
    "GENDER": ["unknown"],
    "GEO": ["string"],
    "INTEREST": ["string"],
    "LOCALE": ["string"],
    "LOCATION": ["string"],
    "SHOPPING_RETARGETING": [
      {
        "lookback_window": 30,
        "exclusion_window": 14,
        "tag_types": [0, 6]
      }
    ],
    "TARGETING_STRATEGY": ["CHOOSE_YOUR_OWN"]
  },
  "lifetime_frequency_cap": 100,
  "tracking_urls": {
    "impression": ["URL1", "URL2"],
    "click": ["URL1", "URL2"],
    "engagement": ["URL1", "URL2"],
    "buyable_button": ["URL1", "URL2"],
    "audience_verification": ["URL1", "URL2"]
  },
  "auto_targeting_enabled": true,
  "placement_group": "ALL",
  "pacing_delivery_type": "STANDARD",
  "campaign_id": "626736533506",
  "billable_event": "CLICKTHROUGH",
  "bid_strategy_type": "MAX_BID",
  "id": "2680060704746",
  "ad_account_id": "549755885175",
  "created_time": 1476477189,
  "updated_time": 1476477189,
  "type": "adgroup",
  "conversion_learning_mode_type": "ACTIVE",
  "summary_status": "RUNNING",
  "feed_profile_id": "626736533506",
  "dca_assets": null
}
"""#

    /// The sample ad, as Pinterest documents it.
    static let adJSON = #"""
{
  "ad_group_id": "2680059592705",
  "android_deep_link": "string",
  "carousel_android_deep_links": ["string"],
  "carousel_destination_urls": ["string"],
  "carousel_ios_deep_links": ["string"],
  "click_tracking_url": "string",
  "creative_type": "REGULAR",
  "destination_url": "string",
  "ios_deep_link": "string",
  "is_pin_deleted": false,
  "is_removable": false,
  "name": "string",
  "status": "ACTIVE",
  "tracking_urls": {
    "impression": ["URL1", "URL2"],
    "click": ["URL1", "URL2"],
    "engagement": ["URL1", "URL2"],
    "buyable_button": ["URL1", "URL2"],
    "audience_verification": ["URL1", "URL2"]
  },
  "view_tracking_url": "string",
  "lead_form_id": "string",
  "grid_click_type": "CLOSEUP",
  "customizable_cta_type": "LEARN_MORE",
  "quiz_pin_data": {
    "questions": [
      {
        "question_id": 1,
        "question_text": "Where do you thrive?",
        "options": [
          {"text": "Hangout vibes"},
          {"text": "Time to party!"},
          {"text": "Keeping it lowkey"}
        ]
      },
      {
        "question_id": 2,
        "question_text": "Where would you nap?",
        "options": [
          {"text": "Hammock in the mountains"},
          {"text": "Beach towel in the sand"},
          {"text": "Tent under the stars"}
        ]
      },
      {
        "question_id": 2,
        "question_text": "Who are you taking?",
        "options": [
          {"text": "No one\u2014solo trip!"},
          {"text": "My best friend"},
          {"text": "The family"}
        ]
      }
    ],
    "results": [
      {
        "organicPinId": "1234",
        "android_deep_link": "https://www.pinterest.com/",
        "iOS_deep_link": "https://www.pinterest.com/",
        "destination_url": "https://www.pinterest.com/",
        "result_id": 1
      },
      {
        "organicPinId": "1234",
        "android_deep_link": "https://www.pinterest.com/",
        "iOS_deep_link": "https://www.pinterest.com/",
        "destination_url": "https://www.pinterest.com/",
        "result_id": 2
      },
      {
        "organicPinId": "1234",
        "android_deep_link": "https://www.pinterest.com/",
        "iOS_deep_link": "https://www.pinterest.com/",
        "destination_url": "https://www.pinterest.com/",
        "result_id": 3
      }
    ]
  },
  "pin_id": "394205773611545468",
  "ad_account_id": "549755885175",
  "campaign_id": "626735565838",
  "collection_items_destination_url_template": "string",
  "created_time": 1451431341,
  "id": "687195134316",
  "rejected_reasons": ["HASHTAGS"],
  "rejection_labels": ["string"],
  "review_status": "PENDING",
  "type": "pinpromotion",
  "updated_time": 1451431341,
  "summary_status": "APPROVED"
}
"""#

    /// The sample ad group, decoded.
    static func adGroup() throws -> AdGroup {
        try JSONDecoder().decode(AdGroup.self, from: Data(adGroupJSON.utf8))
    }

    /// The sample ad, decoded (its quiz options lack ids, so they are kept as raw JSON).
    static func ad() throws -> Ad {
        try LenientAd.ad(from: JSONDecoder().decode(PinterestAds.JSONValue.self, from: Data(adJSON.utf8)))
    }
}
