import Foundation
import Testing
@testable import PinterestAds
import PinwatchTestSupport

@Suite("Seed payloads decode completely and round-trip")
struct SeedDecodingTests {
    @Test func adGroupsListSeedDecodesEveryField() throws {
        let page = try JSONDecoder().decode(Page<AdGroup>.self, from: Fixtures.seed("ad_groups_list_response.json"))
        #expect(page.bookmark == "string")
        #expect(page.items.count == 1)
        let group = try #require(page.items.first)
        #expect(group.id == "2680060704746")
        #expect(group.name == "Ad Group For Pin: 687195905986")
        #expect(group.status == .active)
        #expect(group.budgetInMicroCurrency == 5_000_000)
        #expect(group.budget == MicroAmount(micros: 5_000_000))
        #expect(group.bidInMicroCurrency == 5_000_000)
        #expect(group.budgetType == .daily)
        #expect(group.startTime == 5_686_848_000)
        #expect(group.endTime == 5_705_424_000)
        #expect(group.lifetimeFrequencyCap == 100)
        #expect(group.autoTargetingEnabled == true)
        #expect(group.placementGroup == .all)
        #expect(group.pacingDeliveryType == .standard)
        #expect(group.campaignId == "626736533506")
        #expect(group.billableEvent == .clickthrough)
        #expect(group.bidStrategyType == .maxBid)
        #expect(group.adAccountId == "549755885175")
        #expect(group.createdTime == 1_476_477_189)
        #expect(group.updatedTime == 1_476_477_189)
        #expect(group.type == "adgroup")
        #expect(group.conversionLearningModeType == .active)
        #expect(group.summaryStatus == .running)
        #expect(group.feedProfileId == "626736533506")
        #expect(group.dcaAssets == nil)
        #expect(group.explicitNulls.contains("dca_assets"))
        #expect(group.additionalProperties.isEmpty)

        let goal = try #require(group.optimizationGoalMetadata)
        let tag = try #require(goal.conversionTagV3GoalMetadata)
        #expect(tag.conversionEvent == .pageVisit)
        #expect(tag.isRoasOptimized == true)
        #expect(tag.learningModeType == .active)
        #expect(tag.cpaGoalValueInMicroCurrency == "string")
        #expect(tag.attributionWindows?.clickWindowDays == 0)
        #expect(goal.frequencyGoalMetadata?.timerange == .day)
        #expect(goal.scrollupGoalMetadata?.scrollupGoalValueInMicroCurrency == "string")

        let targeting = try #require(group.targetingSpec)
        #expect(targeting.strings("AUDIENCE_INCLUDE'") == ["string"])
        #expect(targeting.strings("AGE_BUCKET") == ["35-44", "50-54"])
        #expect(targeting.strings("APPTYPE") == ["ipad", "iphone"])
        #expect(targeting.keys.count == 11)
        #expect(targeting.entries["SHOPPING_RETARGETING"] == .array([.object([
            "lookback_window": .int(30), "exclusion_window": .int(14), "tag_types": .array([.int(0), .int(6)]),
        ])]))

        let tracking = try #require(group.trackingUrls)
        #expect(tracking.impression == ["URL1", "URL2"])
        #expect(tracking.click == ["URL1", "URL2"])
        #expect(tracking.engagement == ["URL1", "URL2"])
        #expect(tracking.buyableButton == ["URL1", "URL2"])
        #expect(tracking.audienceVerification == ["URL1", "URL2"])
    }

    @Test func adSeedDecodesEveryField() throws {
        let ad = try JSONDecoder().decode(Ad.self, from: Fixtures.seed("ad_response.json"))
        #expect(ad.id == "687195134316")
        #expect(ad.adGroupId == "2680059592705")
        #expect(ad.adAccountId == "549755885175")
        #expect(ad.campaignId == "626735565838")
        #expect(ad.pinId == "394205773611545468")
        #expect(ad.creativeType == .regular)
        #expect(ad.status == .active)
        #expect(ad.reviewStatus == .pending)
        #expect(ad.summaryStatus == .approved)
        #expect(ad.gridClickType == .closeup)
        #expect(ad.customizableCtaType == .learnMore)
        #expect(ad.rejectedReasons == [.hashtags])
        #expect(ad.rejectionLabels == ["string"])
        #expect(ad.isPinDeleted == false)
        #expect(ad.isRemovable == false)
        #expect(ad.carouselAndroidDeepLinks == ["string"])
        #expect(ad.carouselDestinationUrls == ["string"])
        #expect(ad.carouselIosDeepLinks == ["string"])
        #expect(ad.androidDeepLink == "string")
        #expect(ad.iosDeepLink == "string")
        #expect(ad.clickTrackingUrl == "string")
        #expect(ad.viewTrackingUrl == "string")
        #expect(ad.destinationUrl == "string")
        #expect(ad.leadFormId == "string")
        #expect(ad.collectionItemsDestinationUrlTemplate == "string")
        #expect(ad.createdTime == 1_451_431_341)
        #expect(ad.updatedTime == 1_451_431_341)
        #expect(ad.type == "pinpromotion")
        #expect(ad.trackingUrls?.buyableButton == ["URL1", "URL2"])
        #expect(ad.additionalProperties.isEmpty)

        let quiz = try #require(ad.quizPinData)
        #expect(quiz.questions?.count == 3)
        #expect(quiz.questions?.first?.questionText == "Where do you thrive?")
        #expect(quiz.questions?.first?.questionId == 1)
        #expect(quiz.questions?[2].options?.first?.text == "No one\u{2014}solo trip!")
        #expect(quiz.questions?.first?.options?.first?.id == nil)
        let results = try #require(quiz.results)
        #expect(results.count == 3)
        #expect(results.map(\.resultId) == [1, 2, 3])
        #expect(results[0].destinationUrl == "https://www.pinterest.com/")
        #expect(results[0].androidDeepLink == "https://www.pinterest.com/")
        // The seed spells these differently from the spec; they are kept, not lost.
        #expect(results[0].organicPinId == nil)
        #expect(results[0].additionalProperties["organicPinId"] == .string("1234"))
        #expect(results[0].additionalProperties["iOS_deep_link"] == .string("https://www.pinterest.com/"))
    }

    @Test(arguments: ["ad_groups_list_response.json", "ad_response.json"])
    func seedRoundTripsToTheSameJSON(name: String) throws {
        let original = try Fixtures.seed(name)
        let reencoded: Data
        if name == "ad_response.json" {
            let ad = try JSONDecoder().decode(Ad.self, from: original)
            reencoded = try JSONEncoder().encode(ad)
            #expect(try JSONDecoder().decode(Ad.self, from: reencoded) == ad)
        } else {
            let page = try JSONDecoder().decode(Page<AdGroup>.self, from: original)
            let groups = page.items
            let encodedGroups = try JSONEncoder().encode(groups)
            #expect(try JSONDecoder().decode([AdGroup].self, from: encodedGroups) == groups)
            let wrapper: JSONValue = .object([
                "items": try JSONDecoder().decode(JSONValue.self, from: encodedGroups),
                "bookmark": page.bookmark.map(JSONValue.string) ?? .null,
            ])
            reencoded = try JSONEncoder().encode(wrapper)
        }
        let before = try JSONDecoder().decode(JSONValue.self, from: original)
        let after = try JSONDecoder().decode(JSONValue.self, from: reencoded)
        #expect(before == after)
    }

    @Test func unknownEnumValuesAreKeptAndReencoded() throws {
        let json = #"{"id": "1", "status": "FROZEN", "summary_status": "SOMETHING_NEW", "rejected_reasons": ["HASHTAGS", "NEW_REASON"]}"#
        let ad = try JSONDecoder().decode(Ad.self, from: Data(json.utf8))
        #expect(ad.status == .unknown("FROZEN"))
        #expect(ad.status?.isKnown == false)
        #expect(ad.summaryStatus == .unknown("SOMETHING_NEW"))
        #expect(ad.rejectedReasons == [.hashtags, .unknown("NEW_REASON")])
        let encoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(ad))
        guard case .object(let fields) = encoded else {
            Issue.record("not an object")
            return
        }
        #expect(fields["status"] == .string("FROZEN"))
        #expect(fields["rejected_reasons"] == .array([.string("HASHTAGS"), .string("NEW_REASON")]))
    }

    @Test func nullsAndMissingOptionalFieldsDecode() throws {
        let json = #"{"id": "7", "name": null, "budget_in_micro_currency": null, "targeting_spec": null}"#
        let group = try JSONDecoder().decode(AdGroup.self, from: Data(json.utf8))
        #expect(group.id == "7")
        #expect(group.name == nil)
        #expect(group.budgetInMicroCurrency == nil)
        #expect(group.targetingSpec == nil)
        #expect(group.status == nil)
        #expect(group.explicitNulls == ["name", "budget_in_micro_currency", "targeting_spec"])
        let back = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(group))
        #expect(back == .object(["id": .string("7"), "name": .null, "budget_in_micro_currency": .null,
                                 "targeting_spec": .null]))
        let minimal = try JSONDecoder().decode(Ad.self, from: Data(#"{"id": "9"}"#.utf8))
        #expect(minimal.id == "9" && minimal.status == nil && minimal.explicitNulls.isEmpty)
    }

    @Test func humanLabels() {
        #expect(RejectedReason.landingPageBroken.label == "Landing page broken")
        #expect(HumanLabel.label(for: "LANDING_PAGE_BROKEN") == "Landing page broken")
        #expect(HumanLabel.label(for: "ADVERTISER_DISABLED") == "Advertiser disabled")
        #expect(HumanLabel.label(for: "SOME_NEW_THING") == "Some new thing")
        #expect(EntityStatus.unknown("SOME_NEW_THING").label == "Some new thing")
    }
}
