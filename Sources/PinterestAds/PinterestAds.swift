// PinterestAds module.
