// AdsCache module.
